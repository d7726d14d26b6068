using LiubeiSim.Model.Scenarios;

namespace LiubeiSim.Grains.Tests;

/// <summary>Built-in scenarios cut to a few hundred replications: enough to exercise every shard split, quick on two cores.</summary>
internal static class Scenarios
{
    public const int Replications = 200;

    public static Scenario Load(string name) => ScenarioLibrary.Load(name).WithReplications(Replications);
}
