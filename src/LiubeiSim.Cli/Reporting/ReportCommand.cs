using System.CommandLine;
using LiubeiSim.Analysis.Comparison;
using LiubeiSim.Analysis.Reporting;
using LiubeiSim.Cli.Hosting;

namespace LiubeiSim.Cli.Reporting;

/// <summary><c>liubeisim report DIR... --out report.html</c>: one self-contained HTML file to share a run or a comparison.</summary>
public static class ReportCommand
{
    public static RootCommand AddReportCommand(this RootCommand root, CliConsole console)
    {
        var directories = new Argument<string[]>("DIR")
        {
            Description = "One run directory (written by `run --out`), two of them (A then B), or a comparison directory (written by `compare --out`: its a/ and b/ are used).",
            Arity = new ArgumentArity(1, 2),
        };
        var output = PathOptions.OutputFile("The HTML file to write (replaced only once the report is complete; never inside a run directory it reads).");
        var command = new Command("report", "Write a shareable report: one self-contained HTML file (no network; charts inline as SVG).\n\n" +
            "It holds the scenario and its overrides, a monthly fan chart per headline indicator (P5–P95, P10–P90, P50,\n" +
            "base-year line, target line), target probabilities as bars, the comparison when given two runs, and the\n" +
            "provenance of every base-year figure the run used (its kind and verbatim source).\n\n" +
            "Examples:\n" +
            "  liubeisim run sgmw-125-boost --out runs/sgmw && liubeisim report runs/sgmw --out sgmw.html\n" +
            "  liubeisim compare baseline-2023 sgmw-125-boost --out runs/cmp && liubeisim report runs/cmp --out cmp.html\n" +
            "  liubeisim report runs/baseline runs/sgmw --out both.html")
        {
            directories, output,
        };
        command.SetAction(parse => Run(console, parse.GetValue(directories) ?? [], parse.GetValue(output)!));
        root.Subcommands.Add(command);
        return root;
    }

    public static int Run(CliConsole console, IReadOnlyList<string> directories, FileInfo output)
    {
        var runs = Expand(directories);

        // The report must never replace one of its own inputs: a run directory's files are the record of the run.
        var target = Path.GetFullPath(output.FullName);
        foreach (var directory in runs.Concat(directories))
        {
            var full = Path.GetFullPath(directory).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
            if (target.StartsWith(full, StringComparison.Ordinal))
            {
                console.Error.WriteLine($"{output.FullName}: is inside {directory}, which the report reads; write the report elsewhere (e.g. --out report.html).");
                return 1;
            }
        }

        foreach (var directory in runs.Where(d => !Directory.Exists(d)))
        {
            console.Error.WriteLine($"{directory}: no such directory; give a directory written by `liubeisim run --out` or `liubeisim compare --out`.");
            return 1;
        }

        var comparison = directories.Count == 1 && runs.Count == 2 ? Path.Combine(directories[0], ComparisonFiles.CompareJson) : null;
        try
        {
            HtmlReport.Write(runs, output.FullName, comparison);
        }
        catch (RunDirectoryException e)
        {
            console.Error.WriteLine(e.Message);
            console.Error.WriteLine("No report was written.");
            return 1;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            console.Error.WriteLine($"{output.FullName}: could not write the report: {e.Message}");
            return 1;
        }

        console.Error.WriteLine($"Wrote {output.FullName} ({new FileInfo(output.FullName).Length / 1024:N0} KB): open it in any browser; it needs no network.");

        // The file is HTML whatever its name; a browser or a file manager goes by the extension.
        if (!output.Extension.Equals(".html", StringComparison.OrdinalIgnoreCase) && !output.Extension.Equals(".htm", StringComparison.OrdinalIgnoreCase))
        {
            console.Error.WriteLine($"Note: {output.Name} holds HTML; name it .html (e.g. --out {Path.ChangeExtension(output.FullName, ".html")}) so browsers open it as a page.");
        }

        return 0;
    }

    /// <summary>A comparison directory stands for its two sides.</summary>
    private static List<string> Expand(IReadOnlyList<string> directories)
    {
        if (directories.Count == 1 && (File.Exists(Path.Combine(directories[0], ComparisonFiles.CompareJson)) || Directory.Exists(Path.Combine(directories[0], ComparisonFiles.SideA))))
        {
            return [Path.Combine(directories[0], ComparisonFiles.SideA), Path.Combine(directories[0], ComparisonFiles.SideB)];
        }

        return [.. directories];
    }
}
