using LiubeiSim.Grains.Messages;
using LiubeiSim.Grains.Runs;
using LiubeiSim.Model.Engine;
using LiubeiSim.Model.Steps;

namespace LiubeiSim.Grains.Entities;

/// <summary>
/// The district for one shard: for each part of its block (<see cref="ShardParts"/>) its own stocks, the two snapshots
/// it alternates between and the 12-month window that turns raw monthly values into reported ones, which every part
/// writes into the shard's one array of reported values. Reduces with <see cref="DistrictStep"/>, the in-process
/// engine's code.
/// </summary>
[PreferLocalPlacement]
[GrainType("district")]
public sealed class DistrictGrain(IServiceProvider services) : Grain, IDistrictGrain
{
    private RunScopedActivation? _activation;
    private Part[] _parts = [];
    private double[] _reported = [];

    /// <summary>The raw values of the part being reduced: written and read within its reduce, so the parts share one array.</summary>
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
            var block = setup.Block;
            _reported = new double[SeriesLayout.Count * block.Count];
            _parts = Array.ConvertAll(ShardParts.Of(block), part =>
            {
                var initial = DistrictSnapshot.Initial(parameters, part.Count);
                return new Part(
                    new DistrictStep(parameters, part),
                    initial,
                    DistrictSnapshot.Following(initial),
                    new SeriesAccumulator(part.Count, parameters.Months, _reported, part.Start - block.Start, block.Count));
            });
            _raw = new double[SeriesLayout.Count * _parts.Max(p => p.Step.Block.Count)];
        });
        return Task.CompletedTask;
    }

    public Task<Immutable<DistrictSnapshot>> Initial(int part) => Task.FromResult(Of(part, "its first snapshot").Previous.AsImmutable());

    public Task<MonthOutcome> Reduce(int month, int part, Immutable<DistrictContributions> contributions)
    {
        var of = Of(part, $"month {month}");
        Activation.Step(month, CancellationToken.None, () =>
        {
            // The shard, its entities and this grain each split the block with ShardParts: a contribution of another
            // size would be read at the wrong offsets, so it is refused rather than reduced.
            var count = of.Step.Block.Count;
            foreach (var kind in contributions.Value.ByKind)
            {
                foreach (var contribution in kind)
                {
                    if (contribution.Count != count)
                    {
                        throw new ArgumentException($"Part {part} has {count} replications; a contribution has {contribution.Count}.", nameof(contributions));
                    }
                }
            }

            var raw = _raw.AsSpan(0, SeriesLayout.Count * of.Step.Block.Count);
            of.Step.Reduce(month, contributions.Value, of.Previous, of.Next, raw);
            of.Accumulator.Add(raw);
        });

        // The snapshot just written becomes the one entities read next month; the older one is overwritten the month after.
        (of.Previous, of.Next) = (of.Next, of.Previous);

        // The shard's own array, not a copy: the run merges it before it asks this shard for another month.
        return Task.FromResult(new MonthOutcome { Snapshot = of.Previous, Reported = _reported });
    }

    public Task Stop()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    /// <summary>A part of the block; asked before any set-up, the activation is not its shard's (lost and placed anew).</summary>
    private Part Of(int part, string asking) =>
        _parts.Length == 0 ? throw new ActivationLostException($"{this.GetPrimaryKeyString()}: asked for part {part} ({asking}) before its shard set it up; the activation was lost.")
        : part >= 0 && part < _parts.Length ? _parts[part]
        : throw new ArgumentOutOfRangeException(nameof(part), part, $"{this.GetPrimaryKeyString()}: the shard's block has {_parts.Length} parts ({asking}).");

    private sealed class Part(DistrictStep step, DistrictSnapshot previous, DistrictSnapshot next, SeriesAccumulator accumulator)
    {
        public DistrictStep Step { get; } = step;

        public DistrictSnapshot Previous { get; set; } = previous;

        public DistrictSnapshot Next { get; set; } = next;

        public SeriesAccumulator Accumulator { get; } = accumulator;
    }
}
