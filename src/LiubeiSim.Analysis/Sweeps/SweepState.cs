using System.Globalization;
using System.Text;
using LiubeiSim.Analysis.Tables;
using LiubeiSim.Model.Engine;
using LiubeiSim.Model.Scenarios;
using LiubeiSim.Model.Output;

namespace LiubeiSim.Analysis.Sweeps;

/// <summary>A point's end-of-horizon P50 and mean of every series (in <see cref="SeriesLayout"/> order), for the summary table and sensitivity.</summary>
public sealed record PointSummary(int Point, IReadOnlyList<double> P50, IReadOnlyList<double> Mean)
{
    public static PointSummary Of(int point, RunResult result)
    {
        var p50 = new double[SeriesLayout.Count];
        var mean = new double[SeriesLayout.Count];
        for (var s = 0; s < p50.Length; s++)
        {
            var end = result.End(s);
            (p50[s], mean[s]) = (end.P50, end.Mean);
        }

        return new PointSummary(point, p50, mean);
    }
}

/// <summary>
/// What a sweep keeps beside its tidy tables while it runs, in <c>OUT/.sweep/</c>: <c>plan.txt</c> (the tool version,
/// the base scenario as run, the design and every point's settings, so <c>--resume</c> refuses a directory of another
/// sweep) and one small summary per finished point (so the closing table covers points of an earlier invocation).
/// Removed once the tables are complete.
/// </summary>
public sealed class SweepState(string directory)
{
    public const string DirectoryName = ".sweep";
    public const string PlanFile = "plan.txt";
    private const string TempSuffix = ".tmp";

    public string Directory { get; } = Path.Combine(Path.GetFullPath(directory), DirectoryName);

    public bool Exists => System.IO.Directory.Exists(Directory);

    public string PlanPath => Path.Combine(Directory, PlanFile);

    /// <summary>The plan of a sweep: everything its points' numbers depend on, and the file format of its tables.</summary>
    public static string Plan(SweepSpec spec, IReadOnlyList<SweepPoint> points, TidyTableFormat format)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"tool {AnalysisInfo.ToolVersion}\n");
        text.Append(CultureInfo.InvariantCulture, $"format {format.ToString().ToLowerInvariant()}\n");
        text.Append(CultureInfo.InvariantCulture, $"design {spec.DesignName}\n");
        text.Append(CultureInfo.InvariantCulture, $"replications {spec.Replications}\nseed {spec.Seed}\n");
        text.Append("base\n").Append(ScenarioYaml.Write(spec.BaseScenario)).Append("end base\n");
        foreach (var point in points)
        {
            text.Append(CultureInfo.InvariantCulture, $"point {point.Index} {string.Join(' ', point.Settings)}\n");
        }

        return text.ToString();
    }

    /// <summary>Removes what a killed process left half-written.</summary>
    public void Clean()
    {
        if (!Exists)
        {
            return;
        }

        foreach (var temp in System.IO.Directory.EnumerateFiles(Directory, "*" + TempSuffix))
        {
            File.Delete(temp);
        }
    }

    public string? ReadPlan() => File.Exists(PlanPath) ? File.ReadAllText(PlanPath, Encoding.UTF8) : null;

    public void WritePlan(string plan)
    {
        System.IO.Directory.CreateDirectory(Directory);
        Commit(PlanPath, plan);
    }

    public string SummaryPath(int point) => Path.Combine(Directory, string.Create(CultureInfo.InvariantCulture, $"point-{point:D6}.txt"));

    /// <summary>Writes a finished point's summary, whole or not at all: one line per series, P50 and mean in round-trip form.</summary>
    public void WriteSummary(PointSummary summary)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"series {summary.P50.Count}\n");
        for (var s = 0; s < summary.P50.Count; s++)
        {
            text.Append(RunReport.Number(summary.P50[s])).Append(' ').Append(RunReport.Number(summary.Mean[s])).Append('\n');
        }

        Commit(SummaryPath(summary.Point), text.ToString());
    }

    /// <summary>A point's summary as written by <see cref="WriteSummary"/>.</summary>
    /// <exception cref="InvalidDataException">The file is missing or not a summary of this layout.</exception>
    public PointSummary ReadSummary(int point)
    {
        var path = SummaryPath(point);
        if (!File.Exists(path))
        {
            throw new InvalidDataException($"{path}: missing; the point's tables are there but not its summary. Run the sweep again into a new directory.");
        }

        var lines = File.ReadAllLines(path, Encoding.UTF8);
        if (lines.Length != SeriesLayout.Count + 1 || lines[0] != string.Create(CultureInfo.InvariantCulture, $"series {SeriesLayout.Count}"))
        {
            throw new InvalidDataException($"{path}: not a point summary of this version's {SeriesLayout.Count} series.");
        }

        var p50 = new double[SeriesLayout.Count];
        var mean = new double[SeriesLayout.Count];
        for (var s = 0; s < p50.Length; s++)
        {
            var parts = lines[s + 1].Split(' ');
            if (parts.Length != 2 ||
                !double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out p50[s]) ||
                !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out mean[s]))
            {
                throw new InvalidDataException($"{path}:{s + 2}: expected two numbers, found '{lines[s + 1]}'.");
            }
        }

        return new PointSummary(point, p50, mean);
    }

    public void Delete()
    {
        if (Exists)
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }

    private static void Commit(string path, string text)
    {
        var temp = path + TempSuffix;
        File.WriteAllText(temp, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        File.Move(temp, path, overwrite: true);
    }
}
