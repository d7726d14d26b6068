using System.Text;
using LiubeiSim.Model.Engine;
using LiubeiSim.Model.Output;

namespace LiubeiSim.Cli.Running;

/// <summary>Writes a run's files so that none looks complete unless the run completed: temporary names first, then renames.</summary>
public static class RunFiles
{
    public static void Write(string directory, RunResult result)
    {
        Directory.CreateDirectory(directory);
        var files = new (string Name, string Text)[]
        {
            (RunReport.IndicatorsFile, RunReport.IndicatorsCsv(result)),
            (RunReport.TargetsFile, RunReport.TargetsCsv(result)),
            (RunReport.SummaryFile, RunReport.Summary(result)),
        };
        var temporary = new List<string>();
        try
        {
            foreach (var (name, text) in files)
            {
                var path = Path.Combine(directory, $".{name}.{Environment.ProcessId}.tmp");
                File.WriteAllText(path, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
                temporary.Add(path);
            }

            // summary.json last: its presence says the run's files are complete.
            for (var i = 0; i < files.Length; i++)
            {
                File.Move(temporary[i], Path.Combine(directory, files[i].Name), overwrite: true);
            }
        }
        finally
        {
            foreach (var path in temporary.Where(File.Exists))
            {
                File.Delete(path);
            }
        }
    }
}
