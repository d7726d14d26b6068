namespace LiubeiSim.Cli.Hosting;

/// <summary>User text made safe for a Markdown table cell: a '|' would open a new cell, markup would render.</summary>
public static class MarkdownText
{
    public static string Cell(string text) => text
        .ReplaceLineEndings(" ")
        .Replace("\\", "\\\\", StringComparison.Ordinal)
        .Replace("|", "\\|", StringComparison.Ordinal)
        .Replace("<", "&lt;", StringComparison.Ordinal)
        .Replace(">", "&gt;", StringComparison.Ordinal);
}
