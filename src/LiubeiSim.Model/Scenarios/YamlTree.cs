using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace LiubeiSim.Model.Scenarios;

/// <summary>
/// Builds a <see cref="YamlTreeNode"/> tree from YamlDotNet's low-level parser events, so every node keeps its position.
/// The structural rules that need the event stream are enforced here: one document, no anchors or aliases (no alias bombs),
/// no tags, at most <see cref="MaxDepth"/> levels of nesting, scalar and unique keys.
/// </summary>
internal static partial class YamlTree
{
    public const int MaxDepth = 16;

    private const string PlainValuesAllowed = "plain values; write text in quotes, e.g. \"2023\", if it must not be read as a number";

    /// <summary>Reads the single document of <paramref name="text"/>.</summary>
    /// <param name="text">The file's text, already checked for size and binary content.</param>
    /// <param name="problems">Where structural problems go.</param>
    /// <param name="complete">False when reading stopped early (a syntax error, too deep a nesting, a second document): absent fields then say nothing.</param>
    /// <returns>The root node, or null when the file holds no document.</returns>
    public static YamlTreeNode? Read(string text, ProblemCollector problems, out bool complete)
    {
        var builder = new Builder(problems);
        var scanner = new Scanner(new StringReader(text), skipComments: true);
        var parser = new Parser(scanner);
        complete = false;
        try
        {
            while (parser.MoveNext())
            {
                if (!builder.Accept(parser.Current!))
                {
                    return builder.Root;
                }
            }

            complete = true;
        }
        catch (YamlException ex)
        {
            problems.Add(SourceMark.From(ex.Start), builder.CurrentPath, "the YAML is malformed: " + CleanMessage(ex.Message), "well-formed YAML: 'key: value' lines, lists as '- item', consistent indentation with spaces");
        }
#pragma warning disable CA1031 // YamlDotNet throws non-YAML exceptions on some malformed input (seen: InvalidOperationException in an unterminated flow list); any of them is a syntax problem of the file, never a crash.
        catch (Exception ex) when (ex is not OutOfMemoryException)
#pragma warning restore CA1031
        {
            problems.Add(SourceMark.From(scanner.CurrentPosition), builder.CurrentPath, "the YAML is malformed here (the parser gave up)", "well-formed YAML: 'key: value' lines, lists as '- item', brackets closed");
        }

        return builder.Root;
    }

    // YamlDotNet may prefix its message with the marks; we print our own position.
    private static string CleanMessage(string message)
    {
        var cleaned = MarkPrefix().Replace(message, string.Empty).Trim();
        cleaned = cleaned.TrimEnd('.');
        return cleaned.Length == 0 ? "syntax error" : char.ToLowerInvariant(cleaned[0]) + cleaned[1..];
    }

    [GeneratedRegex(@"^\s*\(Line: \d+, Col: \d+, Idx: \d+\)\s*-\s*\(Line: \d+, Col: \d+, Idx: \d+\)\s*:\s*", RegexOptions.CultureInvariant)]
    private static partial Regex MarkPrefix();

    // Show the tag as written (!!str), not as YamlDotNet expands it (tag:yaml.org,2002:str).
    private static string ShortTag(string tag) =>
        tag.StartsWith("tag:yaml.org,2002:", StringComparison.Ordinal) ? "!!" + tag["tag:yaml.org,2002:".Length..] : tag;

    private sealed class Frame(YamlTreeNode node)
    {
        public YamlTreeNode Node { get; } = node;

        public YamlTreeScalar? PendingKey { get; set; }

        /// <summary>The key was unusable (and reported): drop the value that follows.</summary>
        public bool DropNextValue { get; set; }

        /// <summary>The next event in a mapping is its key rather than a value.</summary>
        public bool ExpectingKey => Node is YamlTreeMapping && PendingKey is null && !DropNextValue;
    }

    private sealed class Builder(ProblemCollector problems)
    {
        private readonly Stack<Frame> open = new();
        private int documents;

        public YamlTreeNode? Root { get; private set; }

        public string CurrentPath => open.Count == 0 ? string.Empty : NextChildPath(open.Peek(), null);

        /// <summary>Takes one event; false when the rest of the stream must be ignored.</summary>
        public bool Accept(ParsingEvent e)
        {
            switch (e)
            {
                case StreamStart or StreamEnd or DocumentEnd or Comment:
                    return true;
                case DocumentStart:
                    documents++;
                    if (documents > 1)
                    {
                        problems.Add(SourceMark.From(e.Start), string.Empty, "a second YAML document starts here", "one scenario per file: remove the '---' line and what follows, or put it in its own file");
                        return false;
                    }

                    return true;
            }

            switch (e)
            {
                case AnchorAlias alias:
                    problems.Add(SourceMark.From(e.Start), NextPath(null), $"alias *{alias.Value} is not allowed", "write each value out in full; anchors (&) and aliases (*) are not supported");
                    Attach(new YamlTreeScalar(SourceMark.From(e.Start), NextPath(null), string.Empty, ScalarStyle.Plain) { IsRejected = true });
                    return true;
                case Scalar scalar:
                {
                    var path = NextPath(scalar.Value);
                    var rejected = CheckAnchorAndTag(scalar, path);
                    Attach(new YamlTreeScalar(SourceMark.From(e.Start), path, scalar.Value, scalar.Style) { IsRejected = rejected });
                    return true;
                }

                case MappingStart or SequenceStart:
                {
                    var start = SourceMark.From(e.Start);
                    var path = NextPath(null);
                    var rejected = CheckAnchorAndTag((NodeEvent)e, path);
                    if (open.Count >= MaxDepth)
                    {
                        // Stop reading rather than skip the subtree: YamlDotNet's scanner slows down quadratically
                        // with flow nesting ('[[[[...'), so a file of brackets could otherwise take minutes.
                        problems.Add(start, path, $"nesting is deeper than {MaxDepth} levels", $"at most {MaxDepth} levels of nested mappings and lists (a scenario needs 3)");
                        Attach(new YamlTreeScalar(start, path, string.Empty, ScalarStyle.Plain) { IsRejected = true });
                        return false;
                    }

                    YamlTreeNode node = e is MappingStart ? new YamlTreeMapping(start, path) { IsRejected = rejected } : new YamlTreeSequence(start, path) { IsRejected = rejected };
                    Attach(node);
                    open.Push(new Frame(node));
                    return true;
                }

                case MappingEnd or SequenceEnd:
                    if (open.Count > 0)
                    {
                        open.Pop();
                    }

                    return true;
                default:
                    return true;
            }
        }

        private string NextPath(string? scalarValue) => open.Count == 0 ? string.Empty : NextChildPath(open.Peek(), scalarValue);

        private static string NextChildPath(Frame frame, string? scalarValue)
        {
            var parent = frame.Node.Path;
            if (frame.Node is YamlTreeSequence sequence)
            {
                return $"{parent}[{sequence.Items.Count}]";
            }

            var key = frame.PendingKey?.Value ?? scalarValue;
            if (key is null)
            {
                return parent;
            }

            var segment = ProblemText.KeySegment(key);
            return parent.Length == 0 ? segment : parent + "." + segment;
        }

        /// <summary>Reports an anchor or tag; true when the node must be ignored (a tag changes its meaning).</summary>
        private bool CheckAnchorAndTag(NodeEvent e, string path)
        {
            var at = SourceMark.From(e.Start);
            if (!e.Anchor.IsEmpty)
            {
                problems.Add(at, path, $"anchor &{e.Anchor.Value} is not allowed", "write each value out in full; anchors (&) and aliases (*) are not supported");
            }

            if (!e.Tag.IsEmpty)
            {
                problems.Add(at, path, $"tag {ShortTag(e.Tag.Value)} is not allowed", PlainValuesAllowed);
                return true;
            }

            return false;
        }

        private void Attach(YamlTreeNode node)
        {
            if (open.Count == 0)
            {
                Root ??= node;
                return;
            }

            var frame = open.Peek();
            switch (frame.Node)
            {
                case YamlTreeSequence sequence:
                    sequence.Items.Add(node);
                    return;
                case YamlTreeMapping when frame.DropNextValue:
                    frame.DropNextValue = false;
                    return;
                case YamlTreeMapping when frame.ExpectingKey:
                    if (node is YamlTreeScalar { IsRejected: false } newKey)
                    {
                        frame.PendingKey = newKey;
                    }
                    else
                    {
                        if (!node.IsRejected)
                        {
                            problems.Add(node.Start, frame.Node.Path, $"a key is {node.Describe()}", "keys are plain field names such as 'name' or 'sgmw_demand_growth'");
                        }

                        frame.DropNextValue = true;
                    }

                    return;
                case YamlTreeMapping mapping:
                {
                    var key = frame.PendingKey!;
                    frame.PendingKey = null;
                    if (mapping.TryAdd(key, node) is { } first)
                    {
                        problems.Add(key.Start, key.Path, $"duplicate key {ProblemText.Quote(key.Value)}, already set on line {first.Start.Line}", "each field at most once per mapping; remove one of them");
                    }

                    return;
                }
            }
        }
    }
}
