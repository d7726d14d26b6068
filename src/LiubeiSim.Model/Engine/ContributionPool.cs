using LiubeiSim.Model.Parameters;
using LiubeiSim.Model.Steps;

namespace LiubeiSim.Model.Engine;

/// <summary>
/// The entities' contributions of a block live only within one month's step (written by the entities, read by the
/// district's reduce), so the blocks of a run in one process share a few sets of them, one per block stepping at the
/// same time, instead of holding one each: about 1.5 KB per replication that a run no longer allocates, zeroes and
/// faults in, and a set that stays warm in the caches from one block to the next.
/// </summary>
/// <remarks>
/// Sharing keeps the bits: every step writes each of its channels every month or says it is zero
/// (<see cref="EntityContribution.SetZero"/>, which clears unless the channel is known to be zero already), so no value
/// from another block's month can be read.
/// </remarks>
public sealed class ContributionPool(ModelParameters parameters)
{
    private readonly List<(int Count, DistrictContributions Set)> _free = [];
    private readonly Lock _lock = new();

    /// <summary>A set for a block of <paramref name="count"/> replications: a free one of that size, or a new one.</summary>
    public DistrictContributions Rent(int count)
    {
        lock (_lock)
        {
            // Blocks of a split differ by at most one replication, so sets come in at most two sizes.
            var at = _free.FindLastIndex(free => free.Count == count);
            if (at >= 0)
            {
                var free = _free[at].Set;
                _free.RemoveAt(at);
                return free;
            }
        }

        return DistrictModel.NewContributions(parameters, count);
    }

    /// <summary>Gives back a set for <paramref name="count"/> replications whose month is reduced: its values are no longer read.</summary>
    public void Return(int count, DistrictContributions contributions)
    {
        lock (_lock)
        {
            _free.Add((count, contributions));
        }
    }
}
