namespace LiubeiSim.Grains.Entities;

/// <summary>
/// Test-only: when registered in a silo's services, every entity grain calls it just before its step, inside the
/// same failure handling, so a test can make an entity throw in a chosen month. Production silos register none.
/// </summary>
public interface IEntityStepHook
{
    /// <param name="grainKey">The activation's key, <c>{run}/{shard}/{entity}</c>.</param>
    /// <param name="entity">The entity id.</param>
    /// <param name="month">The month index within the run (0 = the first simulated month).</param>
    void BeforeStep(string grainKey, string entity, int month);
}
