using LiubeiSim.Model.Engine;
using LiubeiSim.Model.Scenarios;
using LiubeiSim.Tests.Shared;

namespace LiubeiSim.Model.Tests.Engine;

/// <summary>The in-process engine writes the golden bytes for every built-in scenario (the Orleans engine is held to the same file).</summary>
public sealed class GoldenOutputTests
{
    [Fact]
    public void Golden_outputs_of_every_built_in_scenario_are_unchanged()
    {
        NarrowVectors.AssertNarrowed();
        var hashes = ScenarioLibrary.Names
            .SelectMany(name => GoldenOutputs.Of(InProcessEngine.Run(ScenarioLibrary.Load(name), cancellationToken: TestContext.Current.CancellationToken)))
            .ToList();
        if (Environment.GetEnvironmentVariable(GoldenOutputs.UpdateVariable) == "1")
        {
            GoldenOutputs.Write(hashes);
        }

        Assert.Equal(ScenarioLibrary.Names.Count * 2, hashes.Count);
        GoldenOutputs.AssertMatch(hashes, InProcessEngine.Name);
    }
}
