using System.Text;
using LiubeiSim.Model.Engine;
using LiubeiSim.Model.Output;
using LiubeiSim.Model.Scenarios;

[assembly: AssemblyFixture(typeof(LiubeiSim.Analysis.Tests.Reporting.RunDirectories))]

namespace LiubeiSim.Analysis.Tests.Reporting;

/// <summary>
/// Two real run directories, written once for the assembly as <c>liubeisim run --out</c> writes them: baseline-2023 and
/// sgmw-125-boost at 50 replications (enough for bands that differ between percentiles, quick to run).
/// </summary>
public sealed class RunDirectories : IDisposable
{
    public const int Replications = 50;

    public RunDirectories()
    {
        Root = Directory.CreateTempSubdirectory("liubeisim-report-tests-").FullName;
        BaselineResult = Run("baseline-2023");
        BoostResult = Run("sgmw-125-boost");
        Baseline = Write(Path.Combine(Root, "baseline-2023"), BaselineResult);
        Boost = Write(Path.Combine(Root, "sgmw-125-boost"), BoostResult);
    }

    public string Root { get; }

    public string Baseline { get; }

    public string Boost { get; }

    public RunResult BaselineResult { get; }

    public RunResult BoostResult { get; }

    /// <summary>A fresh directory under the fixture's root, for a test's own outputs or altered copies.</summary>
    public string NewDirectory(string name) => Directory.CreateDirectory(Path.Combine(Root, $"{name}-{Guid.NewGuid():N}")).FullName;

    /// <summary>A copy of a run directory the test may alter; its name is the original's, so labels in the report stay the same.</summary>
    public string CopyOf(string run)
    {
        var copy = Directory.CreateDirectory(Path.Combine(NewDirectory("copy"), Path.GetFileName(run))).FullName;
        foreach (var file in Directory.GetFiles(run))
        {
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        }

        return copy;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is not a test failure.
        }
    }

    private static RunResult Run(string scenario) =>
        InProcessEngine.Run(ScenarioLibrary.Resolve(scenario).Scenario!.WithReplications(Replications));

    private static string Write(string directory, RunResult result)
    {
        Directory.CreateDirectory(directory);
        var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        File.WriteAllText(Path.Combine(directory, RunReport.SummaryFile), RunReport.Summary(result), utf8);
        File.WriteAllText(Path.Combine(directory, RunReport.IndicatorsFile), RunReport.IndicatorsCsv(result), utf8);
        File.WriteAllText(Path.Combine(directory, RunReport.TargetsFile), RunReport.TargetsCsv(result), utf8);
        return directory;
    }
}
