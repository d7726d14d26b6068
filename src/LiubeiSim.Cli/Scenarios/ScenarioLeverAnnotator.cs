using System.Globalization;
using LiubeiSim.Cli.Levers;
using LiubeiSim.Model.District;
using LiubeiSim.Model.Scenarios;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace LiubeiSim.Cli.Scenarios;

/// <summary>
/// Adds to a scenario's YAML one commented line per lever it does not set, with the lever's default for the scenario's
/// base year, so a copy of the file shows every lever a user can set. A line is commented after its indentation, so
/// deleting its <c>#</c> and the space after it sets that lever. Apart from a bare <c>levers:</c> key where the file has
/// none (an empty section, no levers), only comment lines are added: the text still parses to the same scenario, and
/// every original line keeps its content and order.
/// </summary>
public static class ScenarioLeverAnnotator
{
    private const string DefaultIndent = "  ";

    // Past this, a lever's description is cut at a word: the line is a reminder, 'liubeisim levers' has the full text.
    private const int MaxDescriptionLength = 72;

    /// <summary>
    /// Returns <paramref name="yaml"/> with the commented lever lines: right under <c>levers:</c> when the file has that
    /// section; otherwise under a new, empty <c>levers:</c> key just before <c>shocks:</c> or <c>targets:</c> (whichever
    /// comes first), or at the end.
    /// </summary>
    /// <param name="yaml">The scenario's text; it must be the text <paramref name="scenario"/> was parsed from.</param>
    /// <param name="scenario">The parsed scenario: its levers and base year decide which lines and which defaults.</param>
    /// <param name="dataset">Where the defaults come from.</param>
    public static string Annotate(string yaml, Scenario scenario, BaseYearDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(dataset);

        var unset = LeverDefault.For(dataset, scenario.BaseYear).Where(d => !scenario.Levers.ContainsKey(d.Lever.Name)).ToList();
        if (unset.Count == 0)
        {
            return yaml;
        }

        var layout = RootLayout.Read(yaml);
        // Split on '\n' only, so a CRLF file keeps its '\r's and the added lines get one too.
        var lines = yaml.Split('\n').ToList();
        var lineEnd = yaml.Contains("\r\n", StringComparison.Ordinal) ? "\r" : string.Empty;
        var endsWithNewline = yaml.EndsWith('\n');

        List<string> block;
        int at;
        if (layout.LeversLine is { } leversLine)
        {
            block = LeverLines(unset, scenario.BaseYear, layout.LeverIndent ?? DefaultIndent);
            at = leversLine;
        }
        else
        {
            block = ["levers:", .. LeverLines(unset, scenario.BaseYear, DefaultIndent)];
            at = layout.SectionAfterLevers ?? (endsWithNewline ? lines.Count - 1 : lines.Count);
            if (lines.Take(at).All(IsCommentOrBlank))
            {
                // A comment touching the top comment block would join the scenario's description; a blank line ends that block.
                block.Insert(0, string.Empty);
            }
        }

        lines.InsertRange(at, block.Select(line => line + lineEnd));
        if (!endsWithNewline && at == lines.Count - block.Count)
        {
            lines.Add(string.Empty);
        }

        return string.Join('\n', lines);
    }

    private static List<string> LeverLines(List<LeverDefault> levers, int baseYear, string indent)
    {
        // Round-trip numbers: uncommenting a line must give the default exactly, not a rounded neighbour.
        var settings = levers.Select(d => $"{d.Lever.Name}: {Number(d.Value)}").ToList();
        var width = settings.Max(s => s.Length);
        return
        [
            .. levers.Select((d, i) => string.Create(
                CultureInfo.InvariantCulture,
                $"{indent}# {settings[i].PadRight(width)}  # {d.Lever.Unit} [{Number(d.Lever.Min)}, {Number(d.Lever.Max)}] default for base {baseYear}; {Short(d.Lever.Description)}")),
        ];
    }

    /// <summary>The description without a closing parenthesis (names in Chinese, already in the file's own comments), cut at a word.</summary>
    private static string Short(string description)
    {
        var text = description.Trim();
        var open = text.LastIndexOf(" (", StringComparison.Ordinal);
        if (open > 0 && text.EndsWith(')'))
        {
            text = text[..open];
        }

        if (text.Length <= MaxDescriptionLength)
        {
            return text;
        }

        var cut = text.LastIndexOf(' ', MaxDescriptionLength - 1);
        return (cut > 0 ? text[..cut] : text[..(MaxDescriptionLength - 1)]).TrimEnd(',', ';', ':') + "…";
    }

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static bool IsCommentOrBlank(string line)
    {
        var trimmed = line.TrimStart();
        return trimmed.Length == 0 || trimmed[0] == '#';
    }

    /// <summary>Where the root keys that matter sit, as 0-based line indexes, found by YAML's own parser rather than by indentation.</summary>
    private sealed record RootLayout(int? LeversLine, string? LeverIndent, int? SectionAfterLevers)
    {
        /// <summary>Reads a text that already parsed as a scenario: one document whose root is a mapping with scalar keys.</summary>
        public static RootLayout Read(string yaml)
        {
            var parser = new Parser(new StringReader(yaml));
            parser.Consume<StreamStart>();
            parser.Consume<DocumentStart>();
            parser.Consume<MappingStart>();

            int? leversLine = null;
            string? leverIndent = null;
            int? sectionLine = null;
            while (!parser.TryConsume<MappingEnd>(out _))
            {
                var key = parser.Consume<Scalar>();
                switch (key.Value)
                {
                    case "levers":
                        (leversLine, leverIndent) = LeversInsertion(parser, key);
                        continue;
                    case "shocks" or "targets":
                        // Mark lines are 1-based: the key's own line, as a 0-based index, is where a block goes before it.
                        sectionLine = Math.Min(sectionLine ?? int.MaxValue, (int)key.Start.Line - 1);
                        break;
                }

                parser.SkipThisAndNestedEvents();
            }

            return new RootLayout(leversLine, leverIndent, sectionLine);
        }

        /// <summary>Where lines go in an existing levers section: under the key of a block mapping, after the value otherwise.</summary>
        private static (int Line, string? Indent) LeversInsertion(IParser parser, Scalar key)
        {
            if (parser.TryConsume<MappingStart>(out var mapping) && mapping.Style == MappingStyle.Block)
            {
                string? indent = null;
                if (parser.Current is Scalar firstLever)
                {
                    indent = new string(' ', (int)firstLever.Start.Column - 1);
                }

                SkipRest(parser, depth: 1);
                return ((int)key.Start.Line, indent);
            }

            if (mapping is not null)
            {
                // A flow mapping ({...}) may span lines; comments go after its closing brace.
                var end = SkipRest(parser, depth: 1);
                return ((int)end.Line, null);
            }

            // A scalar (an empty 'levers:'): an empty value's end mark is the next token's, so go by the key's line.
            parser.SkipThisAndNestedEvents();
            return ((int)key.Start.Line, null);
        }

        /// <summary>Consumes events until the collection opened <paramref name="depth"/> levels up closes; returns where it closed.</summary>
        private static Mark SkipRest(IParser parser, int depth)
        {
            while (true)
            {
                var current = parser.Current!;
                parser.MoveNext();
                depth += current switch
                {
                    MappingStart or SequenceStart => 1,
                    MappingEnd or SequenceEnd => -1,
                    _ => 0,
                };
                if (depth == 0)
                {
                    return current.End;
                }
            }
        }
    }
}
