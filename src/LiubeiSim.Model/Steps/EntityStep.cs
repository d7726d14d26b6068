using LiubeiSim.Aggregation;
using LiubeiSim.Model.Parameters;

namespace LiubeiSim.Model.Steps;

/// <summary>
/// One entity of the district over one block of replications: its state (set up from the run's parameters) and its
/// monthly step, which reads last month's snapshot and writes this month's contribution. The in-process engine and
/// the Orleans entity grain hold one of these each and call nothing else.
/// </summary>
public abstract class EntityStep(ModelParameters parameters, ReplicationBlock block)
{
    protected ModelParameters P { get; } = parameters;

    public ReplicationBlock Block { get; } = block;

    /// <summary>Advances every replication of the block through horizon month <paramref name="month"/>.</summary>
    public abstract void Advance(int month, DistrictSnapshot previous, EntityContribution into);
}
