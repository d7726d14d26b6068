using LiubeiSim.Grains.Entities;
using LiubeiSim.Grains.Messages;
using LiubeiSim.Model.District;
using LiubeiSim.Model.Engine;
using LiubeiSim.Model.InputOutput;
using LiubeiSim.Model.Parameters;
using LiubeiSim.Model.Steps;
using Orleans.Concurrency;

namespace LiubeiSim.Grains.Tests;

/// <summary>
/// A shard, its entities and its district each split the block into parts themselves (<see cref="ShardParts"/>); a call
/// for a part that does not exist, or contributions of another part's size, fails loudly instead of reading the wrong
/// replications.
/// </summary>
public sealed class ShardPartGuardTests(EmbeddedSiloFixture silo) : IClassFixture<EmbeddedSiloFixture>
{
    [Fact]
    public async Task A_part_out_of_range_or_a_contribution_of_another_size_is_refused()
    {
        var cancel = TestContext.Current.CancellationToken;
        var runId = Guid.NewGuid().ToString("N");
        var shardKey = EntityAddress.Shard(runId, 0, 0, 0);
        var count = ShardParts.Replications + 1;
        var scenario = Scenarios.Load("baseline-2023").WithReplications(count);
        var setup = new ShardSetup { RunId = runId, Shard = 0, Scenario = scenario, Io = IoTableReader.Default, BlockStart = 0, BlockCount = count };
        var parameters = ModelParameters.Build(BaseYearDataset.Default, scenario, IoTableReader.Default);
        var parts = ShardParts.Of(setup.Block);
        Assert.Equal(2, parts.Length);

        var district = silo.Grains.GetGrain<IDistrictGrain>(EntityAddress.Entity(shardKey, DistrictIds.District));
        var chain = silo.Grains.GetGrain<IEntityGrain>(EntityAddress.Entity(shardKey, DistrictModel.Chain.Ids(parameters)[0]));
        await district.Start(setup);
        await chain.Start(new EntitySetup { Shard = setup, Kind = DistrictModel.Chain.Slot, Index = 0 });
        try
        {
            await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => district.Initial(parts.Length));
            var snapshot = await district.Initial(0);
            var entity = await Assert.ThrowsAsync<EntityStepException>(() => chain.Advance(0, parts.Length, snapshot, cancel));
            Assert.Contains("2 parts", entity.ToString(), StringComparison.Ordinal);

            // Part 0 has one replication more than part 1: contributions made for part 1 do not fit it.
            var wrongSize = DistrictModel.NewContributions(parameters, parts[1].Count);
            var reduce = await Assert.ThrowsAsync<EntityStepException>(() => district.Reduce(0, 0, wrongSize.AsImmutable()));
            Assert.Contains($"Part 0 has {parts[0].Count} replications; a contribution has {parts[1].Count}", reduce.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            await district.Stop();
            await chain.Stop();
        }
    }
}
