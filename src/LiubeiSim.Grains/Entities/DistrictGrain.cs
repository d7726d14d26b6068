using LiubeiSim.Grains.Messages;
using LiubeiSim.Model.Engine;
using LiubeiSim.Model.Steps;

namespace LiubeiSim.Grains.Entities;

/// <summary>
/// The district for one shard: its own stocks, the two snapshots it alternates between, and the 12-month window that
/// turns raw monthly values into reported ones. Reduces with <see cref="DistrictStep"/>, the in-process engine's code.
/// </summary>
[PreferLocalPlacement]
public sealed class DistrictGrain(IServiceProvider services) : EntityGrain(services), IDistrictGrain
{
    private DistrictState? _state;
    private DistrictSnapshot? _previous;
    private DistrictSnapshot? _next;
    private SeriesAccumulator? _accumulator;
    private double[] _raw = [];
    private double[] _reported = [];

    protected override void Initialise()
    {
        var n = Block.Count;
        _state = DistrictStep.Initialise(Parameters, n);
        _previous = DistrictSnapshot.Initial(Parameters, n);
        _next = new DistrictSnapshot(n);
        _accumulator = new SeriesAccumulator(n);
        _raw = new double[SeriesLayout.Count * n];
        _reported = new double[SeriesLayout.Count * n];
    }

    public Task<Immutable<DistrictSnapshot>> Initial() => Task.FromResult(_previous!.AsImmutable());

    public Task<MonthOutcome> Reduce(int month, Immutable<DistrictContributions> contributions)
    {
        Step(month, () =>
        {
            DistrictStep.Reduce(Parameters, _state!, Block, month, contributions.Value, _previous!, _next!, _raw);
            _accumulator!.Add(_raw).CopyTo(_reported);
        });

        // The snapshot just written becomes the one entities read next month; the older one is overwritten the month after.
        (_previous, _next) = (_next, _previous);
        return Task.FromResult(new MonthOutcome { Snapshot = _previous!, Reported = _reported });
    }
}
