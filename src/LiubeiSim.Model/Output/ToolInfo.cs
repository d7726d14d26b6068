using System.Reflection;

namespace LiubeiSim.Model.Output;

/// <summary>What produced an output: written into every summary, comparison and report so a file says where it came from.</summary>
public static class ToolInfo
{
    /// <summary>The product version (Directory.Build.props), e.g. <c>0.9.0</c>.</summary>
    public static string Version { get; } =
        typeof(ToolInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? typeof(ToolInfo).Assembly.GetName().Version?.ToString(3)
        ?? "0.0.0";
}
