namespace LiubeiSim.Analysis;

/// <summary>The tool's version as written into every output, so a file says what produced it.</summary>
public static class AnalysisInfo
{
    public static string ToolVersion { get; } =
        typeof(AnalysisInfo).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
}
