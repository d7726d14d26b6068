using LiubeiSim.Model.Engine;
using LiubeiSim.Model.InputOutput;
using LiubeiSim.Model.Output;
using LiubeiSim.Model.Steps;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace LiubeiSim.Grains.Tests;

/// <summary>
/// The model's types cross silos through surrogates. Entities normally sit beside their shard, so these paths run only
/// when an activation lands elsewhere: held here directly, bit for bit.
/// </summary>
public sealed class SerializationTests
{
    private static readonly Serializer Serializer = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();

    private static T RoundTrip<T>(T value) => Serializer.Deserialize<T>(Serializer.SerializeToArray(value))!;

    [Fact]
    public void Scenario_with_levers_shocks_and_targets_round_trips()
    {
        var scenario = Model.Scenarios.ScenarioLibrary.Load("sgmw-125-boost");

        var copy = RoundTrip(scenario);

        Assert.Equal(scenario.Name, copy.Name);
        Assert.Equal(scenario.Start, copy.Start);
        Assert.Equal(scenario.Seed, copy.Seed);
        Assert.Equal(scenario.Levers.ToArray(), copy.Levers.ToArray());
        Assert.Equal(scenario.Shocks, copy.Shocks);
        Assert.Equal(scenario.Targets, copy.Targets);
        Assert.NotEmpty(copy.Shocks);
    }

    [Fact]
    public void Io_table_round_trips_with_its_source_and_the_same_leontief_bits()
    {
        var table = IoTableReader.Default;

        var copy = RoundTrip(table);

        Assert.Equal(table.Source, copy.Source);
        Assert.Equal(table.LeontiefRowMajor.ToArray(), copy.LeontiefRowMajor.ToArray());
    }

    [Fact]
    public void Snapshot_and_contributions_round_trip()
    {
        var parameters = ModelParameters.Build(Model.District.BaseYearDataset.Default, Scenarios.Load("baseline-2023"));
        var snapshot = DistrictSnapshot.Initial(parameters, 5);
        snapshot.CapacityAdded[7] = 1.25;
        var chain = new ChainContribution(5);
        chain.FinalDemand[4] = Math.PI;
        var project = new ProjectContribution(5) { Chain = 3, Town = -1 };
        project.JobsAdded[2] = 42;
        var town = new TownContribution(5);
        town.PovertyIncome[1] = 0.1;
        var all = new DistrictContributions([chain], [project], [project], [town]);

        var snapshotCopy = RoundTrip(snapshot);
        var allCopy = RoundTrip(all);

        Assert.Equal(snapshot.Output, snapshotCopy.Output);
        Assert.Equal(snapshot.Employment, snapshotCopy.Employment);
        Assert.Equal(snapshot.CapacityAdded, snapshotCopy.CapacityAdded);
        Assert.Equal(snapshot.TownJobsAdded, snapshotCopy.TownJobsAdded);
        Assert.Equal(chain.FinalDemand, allCopy.Chains[0].FinalDemand);
        Assert.Equal(project.JobsAdded, allCopy.Projects[0].JobsAdded);
        Assert.Equal((3, -1), (allCopy.Pipelines[0].Chain, allCopy.Pipelines[0].Town));
        Assert.Equal(town.PovertyIncome, allCopy.Towns[0].PovertyIncome);
    }

    [Fact]
    public void Run_result_round_trips_to_the_same_files()
    {
        var result = InProcessEngine.Run(Scenarios.Load("project-delays"), cancellationToken: TestContext.Current.CancellationToken);

        var copy = RoundTrip(result);

        Assert.Equal(RunReport.IndicatorsCsv(result), RunReport.IndicatorsCsv(copy));
        Assert.Equal(RunReport.TargetsCsv(result), RunReport.TargetsCsv(copy));
        Assert.Equal(RunReport.Summary(result), RunReport.Summary(copy));
    }
}
