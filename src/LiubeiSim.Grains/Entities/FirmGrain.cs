using System.Globalization;
using LiubeiSim.Model.Steps;

namespace LiubeiSim.Grains.Entities;

/// <summary>A synthetic firm for one shard: stateless between months, it steps with <see cref="FirmStep"/>.</summary>
[PreferLocalPlacement]
public sealed class FirmGrain(IServiceProvider services) : EntityGrain(services), IFirmGrain
{
    private int _firm;
    private FirmContribution? _into;

    protected override void Initialise()
    {
        // Ids are firm/<index>; the index is checked against the run's population, which the parameters hold.
        var id = EntityId;
        if (!id.StartsWith("firm/", StringComparison.Ordinal)
            || !int.TryParse(id.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out _firm)
            || _firm >= Parameters.Firms.Count)
        {
            throw new ArgumentException($"'{id}' is not a firm of this run ({Parameters.Firms.Count} synthetic firms).");
        }

        _into = new FirmContribution(Block.Count);
    }

    // The contribution buffer is reused: the shard reduces it before it asks for the next month.
    public Task<Immutable<FirmContribution>> Advance(int month, Immutable<DistrictSnapshot> previous)
    {
        Step(month, () => FirmStep.Advance(Parameters, _firm, Block, month, previous.Value, _into!));
        return Task.FromResult(_into!.AsImmutable());
    }
}
