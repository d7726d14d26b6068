namespace LiubeiSim.Grains.Entities;

/// <summary>
/// Test-only: when registered in a silo's services, every entity grain calls it just before its step, inside the
/// same failure handling, so a test can make an entity throw in a chosen month. Production silos register none.
/// </summary>
public interface IEntityStepHook
{
    void BeforeStep(string entity, int month);
}
