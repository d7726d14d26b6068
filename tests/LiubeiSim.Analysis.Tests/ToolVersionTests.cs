namespace LiubeiSim.Analysis.Tests;

public sealed class ToolVersionTests
{
    [Fact]
    public void Version_is_three_numbers()
    {
        Assert.Matches(@"^\d+\.\d+\.\d+$", AnalysisInfo.ToolVersion);
    }
}
