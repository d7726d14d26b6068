using System.CommandLine;
using System.CommandLine.Parsing;

namespace LiubeiSim.Cli.Hosting;

/// <summary>Path options whose parse errors say what path is wanted, not which .NET type failed.</summary>
public static class PathOptions
{
    public static Option<DirectoryInfo?> OutputDirectory(string description)
    {
        var option = new Option<DirectoryInfo?>("--out", "-o") { Description = description, HelpName = "DIR" };
        option.CustomParser = result => Text(result) is { } path ? new DirectoryInfo(path) : null;
        return option;
    }

    public static Option<FileInfo> OutputFile(string description)
    {
        var option = new Option<FileInfo>("--out", "-o") { Description = description, HelpName = "FILE", Required = true };
        option.CustomParser = result => Text(result) is { } path ? new FileInfo(path) : null!;
        return option;
    }

    private static string? Text(ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
        if (string.IsNullOrWhiteSpace(text) || text.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            result.AddError($"--out: expected a path, got '{text}'");
            return null;
        }

        return text;
    }
}
