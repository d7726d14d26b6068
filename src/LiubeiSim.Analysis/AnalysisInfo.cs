namespace LiubeiSim.Analysis;

/// <summary>The tool's version as written into every output, so a file says what produced it.</summary>
public static class AnalysisInfo
{
    public static string ToolVersion => Model.Output.ToolInfo.Version;
}
