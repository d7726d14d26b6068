using System.Runtime.InteropServices;
using LiubeiSim.Grains.Messages;
using LiubeiSim.Grains.Runs;
using LiubeiSim.Model.Engine;
using LiubeiSim.Model.Steps;

namespace LiubeiSim.Grains.Entities;

/// <summary>
/// The district for one shard: its own stocks, the two snapshots it alternates between, and the 12-month window that
/// turns raw monthly values into reported ones. Reduces with <see cref="DistrictStep"/>, the in-process engine's code.
/// </summary>
[PreferLocalPlacement]
[GrainType("district")]
public sealed class DistrictGrain(IServiceProvider services) : Grain, IDistrictGrain
{
    private RunScopedActivation? _activation;
    private DistrictStep? _district;
    private DistrictSnapshot? _previous;
    private DistrictSnapshot? _next;
    private SeriesAccumulator? _accumulator;
    private double[] _raw = [];

    private RunScopedActivation Activation => _activation ??= new RunScopedActivation(services, this.GetPrimaryKeyString());

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        this.LeaveUnlessStarted(static grain => grain._activation is { Started: true });
        return Task.CompletedTask;
    }

    public Task Start(ShardSetup setup)
    {
        Activation.Start(setup, parameters =>
        {
            var n = setup.Block.Count;
            _district = new DistrictStep(parameters, setup.Block);
            _previous = DistrictSnapshot.Initial(parameters, n);
            _next = new DistrictSnapshot(parameters.Chains.Count, parameters.Towns.Count, n);
            _accumulator = new SeriesAccumulator(n, parameters.Months);
            _raw = new double[SeriesLayout.Count * n];
        });
        return Task.CompletedTask;
    }

    public Task<Immutable<DistrictSnapshot>> Initial() => Task.FromResult((_previous ?? throw new ActivationLostException($"{this.GetPrimaryKeyString()}: asked for its first snapshot before its shard set it up; the activation was lost.")).AsImmutable());

    public Task<MonthOutcome> Reduce(int month, Immutable<DistrictContributions> contributions)
    {
        Activation.Step(month, CancellationToken.None, () =>
        {
            _district!.Reduce(month, contributions.Value, _previous!, _next!, _raw);
            _accumulator!.Add(_raw);
        });

        // The accumulator's own array, not a copy: the run merges it before it asks this shard for another month.
        if (!MemoryMarshal.TryGetArray(_accumulator!.Reported, out var reported) || reported.Array is null)
        {
            throw new InvalidOperationException("The series accumulator's values are not an array.");
        }

        // The snapshot just written becomes the one entities read next month; the older one is overwritten the month after.
        (_previous, _next) = (_next, _previous);
        return Task.FromResult(new MonthOutcome { Snapshot = _previous!, Reported = reported.Array });
    }

    public Task Stop()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }
}
