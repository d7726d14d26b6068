using LiubeiSim.Analysis.Tables;
using LiubeiSim.Model.Engine;
using LiubeiSim.Model.Scenarios;

namespace LiubeiSim.Analysis.Tests.Tables;

/// <summary>A small sweep, run once for all the table tests: three points of the baseline at other lever values.</summary>
internal static class SweepRuns
{
    public const int Replications = 30;

    public static IReadOnlyList<string> Factors { get; } = ["levers.sgmw_demand_growth", "levers.nev_transition_share"];

    private static readonly (double Sgmw, double Nev)[] Values = [(5, 30), (20, 50), (-10.5, 0)];

    private static readonly Lazy<SweepPoint[]> Runs = new(Run);

    public static IReadOnlyList<SweepPoint> Points => Runs.Value;

    /// <summary>Writes the sweep's points in the order given and completes the tables.</summary>
    public static async Task<TidyTableWriter> WriteAsync(TidyTableFormat format, string directory, IEnumerable<int> order, int rowGroupRows = ParquetTidyTableWriter.DefaultRowGroupRows)
    {
        var writer = Open(format, directory, rowGroupRows);
        await AppendAsync(writer, order);
        await writer.CompleteAsync(TestContext.Current.CancellationToken);
        return writer;
    }

    public static TidyTableWriter Open(TidyTableFormat format, string directory, int rowGroupRows = ParquetTidyTableWriter.DefaultRowGroupRows) => format == TidyTableFormat.Parquet
        ? new ParquetTidyTableWriter(directory, Factors, Points.Count, rowGroupRows)
        : TidyTableWriter.Open(format, directory, Factors, Points.Count);

    public static async Task AppendAsync(TidyTableWriter writer, IEnumerable<int> points)
    {
        foreach (var point in points)
        {
            await writer.AppendPointAsync(point, Points[point].FactorValues, Points[point].Result, TestContext.Current.CancellationToken);
        }
    }

    private static SweepPoint[] Run()
    {
        var scenario = ScenarioLibrary.Resolve("baseline-2023").Scenario!.WithReplications(Replications);
        return Values.Select(v =>
        {
            var levers = new Dictionary<string, double>(scenario.Levers, StringComparer.Ordinal)
            {
                [LeverCatalog.SgmwDemandGrowth] = v.Sgmw,
                [LeverCatalog.NevTransitionShare] = v.Nev,
            };
            var result = InProcessEngine.Run(scenario with { Levers = levers });
            var factors = new Dictionary<string, double>(StringComparer.Ordinal) { [Factors[0]] = v.Sgmw, [Factors[1]] = v.Nev };
            return new SweepPoint(factors, result);
        }).ToArray();
    }
}

internal sealed record SweepPoint(IReadOnlyDictionary<string, double> FactorValues, RunResult Result);

/// <summary>A fresh directory under the temp folder, removed with its contents.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "liubeisim-tables-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Sub(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
