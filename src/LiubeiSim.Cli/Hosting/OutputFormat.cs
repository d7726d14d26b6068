using System.CommandLine;

namespace LiubeiSim.Cli.Hosting;

/// <summary><c>--format table|csv|json|md</c>: how a command prints its results on stdout.</summary>
public enum OutputFormat
{
    /// <summary>A table for people, at most 80 columns wide.</summary>
    Table,

    /// <summary>The CSV file's text, for scripts.</summary>
    Csv,

    /// <summary>The JSON file's text, for scripts.</summary>
    Json,

    /// <summary>A Markdown table, for notes and issues.</summary>
    Md,
}

public static class OutputFormatOption
{
    public static Option<string> Create() => Create("table (default; fits 80 columns), csv, json or md (Markdown)");

    public static Option<string> Create(string description)
    {
        var option = new Option<string>("--format")
        {
            Description = "How to print the results on stdout: " + description + ". Progress and problems always go to stderr.",
            DefaultValueFactory = _ => "table",
            HelpName = "table|csv|json|md",
        };
        option.AcceptOnlyFromAmong("table", "csv", "json", "md");
        return option;
    }

    public static OutputFormat Parse(string? value) => value switch
    {
        "csv" => OutputFormat.Csv,
        "json" => OutputFormat.Json,
        "md" => OutputFormat.Md,
        _ => OutputFormat.Table,
    };
}
