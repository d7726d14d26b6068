using Spectre.Console;
using Spectre.Console.Rendering;

namespace LiubeiSim.Cli.Hosting;

/// <summary>The narrow-terminal lists' lines (baseline, levers, scenarios): under their heading, indented where they wrap.</summary>
public static class IndentedLines
{
    /// <summary>One line on its own, so a short one is not padded out to the longest with spaces; indented by two where it wraps.</summary>
    public static void WriteIndented(this IAnsiConsole console, IRenderable line) => console.Write(new Padder(line, new Padding(2, 0, 0, 0)));
}
