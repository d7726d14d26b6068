using LiubeiSim.Model.Engine;
using LiubeiSim.Model.Parameters;
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
        var scenario = Model.Scenarios.ScenarioLibrary.Resolve("sgmw-125-boost", ["assumptions.chain.auto_parts_machinery.jobs_per_output=55", "assumptions.model.ramp_months=4"]).Scenario!;

        var copy = RoundTrip(scenario);

        Assert.Equal(scenario.Name, copy.Name);
        Assert.Equal(scenario.Start, copy.Start);
        Assert.Equal(scenario.Seed, copy.Seed);
        Assert.Equal(scenario.Levers.ToArray(), copy.Levers.ToArray());
        Assert.Equal(scenario.Shocks, copy.Shocks);
        Assert.Equal(scenario.Targets, copy.Targets);
        Assert.NotEmpty(copy.Shocks);
        Assert.Equal(scenario.Assumptions.ToArray(), copy.Assumptions.ToArray());
        Assert.Equal(2, copy.Assumptions.Count);
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
    public void Io_table_round_trips_its_value_added_ratios()
    {
        var copy = RoundTrip(IoTableReader.Default);

        for (var c = 0; c < IoTable.Size; c++)
        {
            Assert.Equal(IoTableReader.Default.ValueAdded(c), copy.ValueAdded(c));
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(40)]
    public void Snapshot_and_contributions_round_trip(int firms)
    {
        var scenario = Scenarios.Load("baseline-2023");
        var parameters = ModelParameters.Build(Model.District.BaseYearDataset.Default, firms > 0 ? scenario.WithSyntheticFirms(firms) : scenario);
        var snapshot = DistrictSnapshot.Initial(parameters, 5);

        // Firm factors are kept only when the run has firms.
        Assert.Equal(firms > 0 ? parameters.Chains.Count * 5 : 0, snapshot.FirmFactor.Length);
        if (firms > 0)
        {
            snapshot.FirmFactor[3] = 0.75;
        }

        snapshot.Capacity[7] = 1.25;
        snapshot.ProjectTownJobs[3] = 17;
        snapshot.Rnd[4] = Math.E;
        var chain = new EntityContribution(ChainChannels.Count, 5);
        chain[ChainChannels.FinalDemand][4] = Math.PI;
        var project = new EntityContribution(ProjectChannels.Count, 5);
        project[ProjectChannels.JobsAdded][2] = 42;
        var town = new EntityContribution(TownChannels.Count, 5);
        town[TownChannels.PovertyIncome][1] = 0.1;
        var all = new DistrictContributions([[chain], [], [project], [project], [town]]);

        var snapshotCopy = RoundTrip(snapshot);
        var allCopy = RoundTrip(all);

        Assert.Equal((snapshot.Chains, snapshot.Towns, snapshot.Count), (snapshotCopy.Chains, snapshotCopy.Towns, snapshotCopy.Count));
        foreach (var (original, copied) in new[]
        {
            (snapshot.Output, snapshotCopy.Output), (snapshot.Capacity, snapshotCopy.Capacity), (snapshot.ProjectJobs, snapshotCopy.ProjectJobs),
            (snapshot.ProjectTownJobs, snapshotCopy.ProjectTownJobs), (snapshot.TownEmployment, snapshotCopy.TownEmployment),
            (snapshot.Employment, snapshotCopy.Employment), (snapshot.Rnd, snapshotCopy.Rnd), (snapshot.FirmFactor, snapshotCopy.FirmFactor),
        })
        {
            Assert.Equal(original, copied);
        }

        Assert.Equal(all.ByKind.Select(k => k.Count), allCopy.ByKind.Select(k => k.Count));
        Assert.Equal(chain.Values, allCopy.ByKind[0][0].Values);
        Assert.Equal(project.Values, allCopy.ByKind[3][0].Values);
        Assert.Equal(ProjectChannels.Count, allCopy.ByKind[3][0].Channels);
        Assert.Equal(town.Values, allCopy.ByKind[4][0].Values);
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
