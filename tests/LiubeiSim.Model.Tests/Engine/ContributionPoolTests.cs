using LiubeiSim.Model.District;
using LiubeiSim.Model.Engine;
using LiubeiSim.Model.Parameters;
using LiubeiSim.Model.Scenarios;
using LiubeiSim.Model.Steps;

namespace LiubeiSim.Model.Tests.Engine;

public sealed class ContributionPoolTests
{
    private static readonly ModelParameters Parameters = ModelParameters.Build(BaseYearDataset.Default, ScenarioLibrary.Load("baseline-2023").WithReplications(10), null);

    [Fact]
    public void A_returned_set_serves_the_next_block_of_its_size_and_only_of_its_size()
    {
        var pool = new ContributionPool(Parameters);
        var five = pool.Rent(5);
        Assert.All(five.ByKind.SelectMany(kind => kind), contribution => Assert.Equal(5, contribution.Count));
        Assert.Equal(DistrictModel.Kinds.Select(kind => kind.Ids(Parameters).Count), five.ByKind.Select(kind => kind.Count));

        // Rented and not returned: a second block stepping at the same time gets a set of its own.
        Assert.NotSame(five, pool.Rent(5));

        pool.Return(5, five);
        var six = pool.Rent(6);
        Assert.NotSame(five, six);
        Assert.All(six.ByKind.SelectMany(kind => kind), contribution => Assert.Equal(6, contribution.Count));
        Assert.Same(five, pool.Rent(5));
    }
}
