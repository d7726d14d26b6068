using LiubeiSim.Analysis;
using LiubeiSim.Model.Engine;
using LiubeiSim.Model.Output;

namespace LiubeiSim.Cli.Running;

/// <summary>Writes a run's files so that none looks complete unless the run completed: temporary names first, then renames.</summary>
public static class RunFiles
{
    // summary.json last: its presence says the run's files are complete.
    public static void Write(string directory, RunResult result) => OutputDirectory.WriteAll(directory,
    [
        (RunReport.IndicatorsFile, RunReport.IndicatorsCsv(result)),
        (RunReport.TargetsFile, RunReport.TargetsCsv(result)),
        (RunReport.SummaryFile, RunReport.Summary(result)),
    ]);
}
