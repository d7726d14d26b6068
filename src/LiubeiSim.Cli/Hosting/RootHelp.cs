using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.Text;

namespace LiubeiSim.Cli.Hosting;

/// <summary>
/// <c>liubeisim --help</c> as a page one reads: the description, then each command on a line or two (the first
/// sentence of its description), then where the rest is. The standard help printed every command's whole description,
/// over 450 lines on an 80-column terminal. A command's own <c>--help</c> is the standard one.
/// </summary>
public sealed class RootHelp(HelpAction standard, int width) : SynchronousCommandLineAction
{
    /// <summary>Help text is set for reading: no wider than this even on a wide terminal.</summary>
    private const int MaxWidth = 100;

    private const int NameColumn = 16;

    /// <summary>Makes <paramref name="root"/>'s help option print this page for the root and the standard help elsewhere.</summary>
    public static RootHelp Install(RootCommand root, int terminalWidth)
    {
        var option = root.Options.OfType<HelpOption>().Single();
        var help = new RootHelp((HelpAction)option.Action!, Math.Clamp(terminalWidth, 60, MaxWidth));
        option.Action = help;
        return help;
    }

    /// <summary>As the standard help: asking for help is not an error, whatever else the command line lacks.</summary>
    public override bool ClearsParseErrors => standard.ClearsParseErrors;

    public override int Invoke(ParseResult parseResult)
    {
        if (parseResult.CommandResult.Command is not RootCommand root)
        {
            return standard.Invoke(parseResult);
        }

        var text = new StringBuilder();
        text.AppendLine("Description:");
        foreach (var line in (root.Description ?? string.Empty).Split('\n'))
        {
            text.AppendLine(line.Length == 0 ? string.Empty : "  " + line);
        }

        text.AppendLine();
        text.AppendLine("Usage:");
        text.AppendLine("  liubeisim [command] [options]");
        text.AppendLine();
        text.AppendLine("Options:");
        text.AppendLine("  -?, -h, --help  Show help and usage information");
        text.AppendLine("  --version       Show version information");
        text.AppendLine();
        text.AppendLine("Commands:");
        foreach (var command in root.Subcommands.Where(c => !c.Hidden))
        {
            var lines = Wrap(FirstSentence(command.Description), width - NameColumn - 2);
            for (var i = 0; i < lines.Count; i++)
            {
                text.Append(' ', 2).Append((i == 0 ? command.Name : string.Empty).PadRight(NameColumn)).AppendLine(lines[i]);
            }
        }

        text.AppendLine();
        text.AppendLine("A command's options and examples: liubeisim COMMAND --help");
        parseResult.InvocationConfiguration.Output.Write(text.ToString());
        return 0;
    }

    /// <summary>
    /// The description's first sentence on one line: up to its first full stop, or up to a colon that ends a line
    /// (the list or example after it is the command's own help's to show), which becomes the full stop.
    /// </summary>
    public static string FirstSentence(string? description)
    {
        var kept = new List<string>();
        foreach (var line in (description ?? string.Empty).Split('\n', StringSplitOptions.TrimEntries))
        {
            if (line.Length == 0)
            {
                if (kept.Count > 0)
                {
                    break;
                }

                continue;
            }

            if (line.EndsWith(':'))
            {
                kept.Add(line[..^1] + ".");
                break;
            }

            kept.Add(line);
        }

        var flat = string.Join(' ', kept);
        var end = flat.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? flat : flat[..(end + 1)];
    }

    /// <summary>Terminal columns a text takes: two for each wide (East Asian) character.</summary>
    public static int Cells(string text) => text.Sum(c => c >= '\u2E80' && c <= '\uFFDC' ? 2 : 1);

    /// <summary>Words into lines of at most <paramref name="width"/> columns (a longer word keeps a line of its own).</summary>
    public static List<string> Wrap(string text, int width)
    {
        var lines = new List<string>();
        var line = new StringBuilder();
        var used = 0;
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var cells = Cells(word);
            if (line.Length > 0 && used + 1 + cells > width)
            {
                lines.Add(line.ToString());
                line.Clear();
                used = 0;
            }

            used += (line.Length > 0 ? 1 : 0) + cells;
            line.Append(line.Length > 0 ? " " : string.Empty).Append(word);
        }

        if (line.Length > 0 || lines.Count == 0)
        {
            lines.Add(line.ToString());
        }

        return lines;
    }
}
