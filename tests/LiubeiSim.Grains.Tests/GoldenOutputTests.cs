using LiubeiSim.Grains.Engine;
using LiubeiSim.Model.Scenarios;
using LiubeiSim.Tests.Shared;

namespace LiubeiSim.Grains.Tests;

/// <summary>The Orleans engine writes the golden bytes of every built-in scenario, at its own seed and replications.</summary>
public sealed class GoldenOutputTests(EmbeddedSiloFixture silo) : IClassFixture<EmbeddedSiloFixture>
{
    [Fact]
    public async Task Golden_outputs_of_every_built_in_scenario_are_unchanged_on_grains()
    {
        var hashes = new List<KeyValuePair<string, string>>();
        foreach (var name in ScenarioLibrary.Names)
        {
            hashes.AddRange(GoldenOutputs.Of(await OrleansEngine.RunOnAsync(silo.Grains, ScenarioLibrary.Load(name), cancellationToken: TestContext.Current.CancellationToken)));
        }

        GoldenOutputs.AssertMatch(hashes, OrleansEngine.Name);
    }
}
