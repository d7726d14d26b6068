using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using CsCheck;
using LiubeiSim.Cli.Hosting;
using LiubeiSim.Cli.Validation;
using LiubeiSim.Model.Scenarios;
using LiubeiSim.Tests.Shared;

namespace LiubeiSim.Cli.Tests.Scenarios;

/// <summary>
/// Ten thousand hostile scenario files and sweep specs through <c>liubeisim validate</c>'s own code, in process: the
/// built-in scenarios and the example specs mutated byte by byte, edited as text (odd Unicode, lone surrogates, YAML
/// number edge cases, tags, anchors, nesting), re-encoded, blown past the size limit. Each must exit 0 with one summary
/// line or 1 with located problems; none may throw or show a stack trace, a source path or a .NET type.
/// </summary>
public sealed partial class ValidateFuzzTests(ITestOutputHelper output)
{
    private const int Inputs = 10_000;

    [Fact]
    public void Ten_thousand_hostile_scenario_files_are_answered_with_a_summary_or_problems_and_nothing_else()
    {
        var watch = Stopwatch.StartNew();
        var directory = Directory.CreateTempSubdirectory("liubeisim-validate-fuzz-").FullName;
        var tried = 0;
        var valid = 0;
        try
        {
            Files().Sample(
                bytes =>
                {
                    var path = Path.Combine(directory, $"{Guid.NewGuid():N}.yaml");
                    File.WriteAllBytes(path, bytes);
                    try
                    {
                        var failure = Check(path, out var isValid);
                        Interlocked.Increment(ref tried);
                        if (isValid)
                        {
                            Interlocked.Increment(ref valid);
                        }

                        Assert.True(failure is null, failure);
                    }
                    finally
                    {
                        File.Delete(path);
                    }
                },
                writeLine: output.WriteLine,
                iter: Inputs,
                threads: 2,
                print: bytes => Show(bytes));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }

        var summary = $"validate fuzz: {tried:N0} hostile scenario files and specs tried, {valid:N0} valid, 0 exceptions; {watch.Elapsed.TotalSeconds:0.0} s";
        output.WriteLine(summary);
        TestContext.Current.SendDiagnosticMessage(summary);
        Assert.True(tried >= Inputs, summary);
    }

    /// <summary>Runs validate on the file; null when its answer is well formed, otherwise what is wrong.</summary>
    private static string? Check(string path, out bool isValid)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = ValidateCommand.Run(CliConsole.ForWriters(stdout, stderr), path);
        var (written, problems) = (stdout.ToString(), stderr.ToString());
        isValid = exit == 0;
        if (InternalsPattern().Match(written + problems) is { Success: true } m)
        {
            return $"internals ('{m.Value}') in: {written}{problems}";
        }

        var lines = problems.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        return exit switch
        {
            // Valid: the summary line, and at most the note that the file keeps a built-in's name with other contents.
            0 when written.StartsWith($"{path}: valid — ", StringComparison.Ordinal) && written.Count(c => c == '\n') == 1
                && (problems.Length == 0 || (lines.Length == 1 && lines[0].StartsWith(path + ":", StringComparison.Ordinal) && lines[0].Contains(": note: named '", StringComparison.Ordinal))) => null,
            1 when written.Length == 0 && lines.Length >= 3 && lines[^1].StartsWith("For a valid example: ", StringComparison.Ordinal)
                && lines[..^2].All(l => l.Contains(": ", StringComparison.Ordinal)) => null,
            _ => $"exit {exit}, stdout: {written}, stderr: {problems}",
        };
    }

    private static Gen<byte[]> Files()
    {
        var scenarios = ScenarioLibrary.Names.Select(n => ScenarioLibrary.TryGetText(n, out var text) ? text : throw new InvalidOperationException(n)).ToArray();
        var specs = Directory.GetFiles(Path.Combine(RepositoryRoot.Path, "examples", "sweeps"), "*.yaml").Select(File.ReadAllText).ToArray();
        string[] texts = [.. scenarios, .. specs];
        var edited = HostileInputs.EditedText(texts);
        return Gen.Frequency(
            (4, HostileInputs.Mutated([.. texts.Select(Encoding.UTF8.GetBytes)])),
            (5, edited.Select(Encoding.UTF8.GetBytes)),
            (1, Gen.Select(edited, Gen.Int[0, 2], (text, encoding) => (byte[])(encoding switch
            {
                0 => [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(text)],
                1 => [.. Encoding.UTF32.GetPreamble(), .. Encoding.UTF32.GetBytes(text)],
                _ => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)],
            }))),
            (1, Gen.Select(Gen.Int[0, texts.Length - 1], Gen.Int[1, 3], (i, times) =>
                Encoding.UTF8.GetBytes(texts[i] + string.Concat(Enumerable.Repeat("# " + new string('x', 1022) + "\n", times * ScenarioParser.MaxFileBytes / 1024))))));
    }

    [GeneratedRegex(@"\bat [\w.`<>]+\(|\.cs:line \d+|\b\w+Exception\b")]
    private static partial Regex InternalsPattern();

    private static string Show(byte[] bytes)
    {
        var text = Encoding.UTF8.GetString(bytes);
        return text.Length <= 800 ? text : $"{text[..800]}... ({bytes.Length:N0} bytes)";
    }
}
