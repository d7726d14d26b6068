using LiubeiSim.Model.Parameters;
using LiubeiSim.Model.Steps;

namespace LiubeiSim.Model.Engine;

/// <summary>What a block's month writes and reads within the month only: its entities' contributions and its raw values.</summary>
/// <param name="Count">Replications of the blocks it serves.</param>
/// <param name="Contributions">Written by the entities, read by the district's reduce.</param>
/// <param name="Raw">Written by the reduce, read by the series accumulator (series-major over the block).</param>
public sealed record MonthScratch(int Count, DistrictContributions Contributions, double[] Raw);

/// <summary>
/// A block's contributions and raw values live only within one month's step, so the blocks of a run in one process
/// share a few sets of them, one per block stepping at the same time, instead of holding one each: about 2 KB per
/// replication (1.5 KB of contributions, 432 B of raw values) that a run no longer allocates, zeroes and faults in,
/// and a set that stays warm in the caches from one block to the next.
/// </summary>
/// <remarks>
/// Sharing keeps the bits: every step writes each of its channels every month or says it is zero
/// (<see cref="EntityContribution.SetZero"/>, which clears unless the channel is known to be zero already), and the
/// reduce writes every raw series for every replication every month, so no value from another block's month is read.
/// </remarks>
public sealed class MonthScratchPool(ModelParameters parameters)
{
    private readonly List<MonthScratch> _free = [];
    private readonly Lock _lock = new();

    /// <summary>The parameters the sets are made for: a block of another run must not share them.</summary>
    internal ModelParameters Parameters => parameters;

    /// <summary>A set for a block of <paramref name="count"/> replications: a free one of that size, or a new one.</summary>
    internal MonthScratch Rent(int count)
    {
        lock (_lock)
        {
            // The set given back last first: it is the one most likely still in the caches. Blocks of a split differ
            // by at most one replication, so sets come in at most two sizes.
            for (var at = _free.Count - 1; at >= 0; at--)
            {
                if (_free[at].Count == count)
                {
                    var free = _free[at];
                    _free.RemoveAt(at);
                    return free;
                }
            }
        }

        return new MonthScratch(count, DistrictModel.NewContributions(parameters, count), new double[SeriesLayout.Count * count]);
    }

    /// <summary>Gives back a set whose month is done: nothing reads it until it is rented again.</summary>
    internal void Return(MonthScratch scratch)
    {
        lock (_lock)
        {
            _free.Add(scratch);
        }
    }
}
