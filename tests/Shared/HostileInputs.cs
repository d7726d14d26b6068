using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using CsCheck;

namespace LiubeiSim.Tests.Shared;

/// <summary>
/// Generators of hostile input for the fuzz tests: valid documents mutated byte by byte, hostile values spliced into
/// them, scenario text edited the way hands and attackers edit it. Everything is bytes, since invalid UTF-8 is part of
/// the point.
/// </summary>
internal static class HostileInputs
{
    /// <summary>JSON values (each valid JSON on its own) that have broken readers: odd Unicode, lone surrogates, numbers out of every range, wrong types.</summary>
    public static readonly string[] JsonValues =
    [
        "\"\\ud800\"", "\"\\udfff\"", "\"a\\ud800b\"", "\"\\udc00\\ud800\"", "\"\\ud83d\\ude00\"", "\"\\u0000\"", "\"\\u202e\\u2066x\"",
        "\"名前\"", "\"ｂａｓｅｌｉｎｅ\"", "\"e\\u0301\"", "\"\\uffff\"", "\"\\ufeff\"", "\"\\u0085\\u2028\"", "\"\"", "\" \"", "\"\\t\\n\"",
        "1e400", "-1e400", "1e-400", "123456789012345678901234567890", "-0", "0.1e1", "18446744073709551616", "18446744073709551615",
        "-9223372036854775809", "2147483648", "1000001", "1000000", "0", "-1", "1.5", "4097", "1e2", "120", "121",
        "true", "false", "null", "[]", "{}", "[null]", "[[]]", "{\"\":null}", "[\"levers.sgmw_demand_growth=1e400\"]",
        "[\"levers.sgmw_demand_growth=\\ud800\"]", "[\"=\"]", "[\"replications=0\"]", "[\"horizon.months=100000\"]",
        "\"baseline-2023\"", "\"baseline-2023.yaml\"", "\"../../etc/passwd\"", "\"/etc/passwd\"", "\"C:\\\\Windows\\\\win.ini\"",
        "\"name: x\\nbase: 2022\\nhorizon: {start: 2023-01}\\n\"", "\"a: &a [x]\\nb: *a\\n\"", "\"{{{{{{{{{{{{{{{{{{{{\"", "\"!!binary AAAA\"",
        "\"levers:\\n  sgmw_demand_growth: .nan\\n\"", "\"%YAML 1.1\\n---\\nname: x\\n...\\n---\\nname: y\\n\"",
    ];

    /// <summary>Byte runs that are not UTF-8 or not JSON, to splice anywhere.</summary>
    public static readonly byte[][] BadBytes =
    [
        [0xFF], [0xFE, 0xFF], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82], [0x80], [0x00],
        [0xEF, 0xBB, 0xBF], "NaN"u8.ToArray(), "Infinity"u8.ToArray(), "'single'"u8.ToArray(), "0x10"u8.ToArray(), ".5"u8.ToArray(),
        "01"u8.ToArray(), ",]"u8.ToArray(), ",}"u8.ToArray(), "/* c */"u8.ToArray(), "\"\\x41\""u8.ToArray(), "\"\\u12\""u8.ToArray(),
        "\"\u0001\""u8.ToArray(), "\r\n0\r\n\r\n"u8.ToArray(),
    ];

    /// <summary>YAML scalars and fragments for scenario text: the number edge cases, the tags and anchors the parser refuses, odd Unicode.</summary>
    public static readonly string[] YamlValues =
    [
        ".nan", ".inf", "-.inf", "1e400", "0x1F", "0o17", "1_000", "+12", "-0", "~", "null", "yes", "on", "\"\\ud800\"", "\"\\U0010FFFF\"",
        "'名'", "\u202e", "\ufeff", "&a 1", "*a", "!!str 5", "!custom x", "[1, 2", "{a: 1", "|\n  text", ">-\n  text", "? complex\n: key",
        "18446744073709551616", "9999999999999999999999999999999", "2023-13", "0000-00", "\"\\0\"", "\t", "@", "`", "%", "- -", ":",
        "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]", "{a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: 1}}}}}}}}}}}}}}}}}}",
    ];

    /// <summary>Valid byte seeds mutated: one to six edits (delete, insert, overwrite, duplicate, splice bad bytes, truncate).</summary>
    public static Gen<byte[]> Mutated(IReadOnlyList<byte[]> seeds) =>
        Gen.Select(Gen.Int[0, seeds.Count - 1], Edit.Array[1, 6], (i, edits) => Apply(seeds[i], edits));

    /// <summary>
    /// JSON seeds with one value, or one property name, replaced by a hostile one (from <see cref="JsonValues"/>, or
    /// deep nesting, or a long string, number or array), sometimes with a property repeated.
    /// </summary>
    public static Gen<byte[]> Spliced(IReadOnlyList<string> jsonSeeds)
    {
        var nodes = jsonSeeds.Select(s => JsonNode.Parse(s)!).ToArray();
        return Gen.Select(Gen.Int[0, nodes.Length - 1], Gen.Int[0, 10_000], HostileValue, Gen.Int[0, 9], (i, at, value, how) =>
        {
            var root = nodes[i];
            var count = Count(root);
            var writer = new JsonSplicer(at % count, value, how switch { 0 => SpliceKind.Name, 1 => SpliceKind.Duplicate, _ => SpliceKind.Value });
            return writer.Write(root);
        });
    }

    /// <summary>A scenario's YAML text edited (see <see cref="EditedText"/>), sent as a JSON string field of a body.</summary>
    public static Gen<byte[]> YamlInJson(IReadOnlyList<string> yamlSeeds, string field, string rest) =>
        EditedText(yamlSeeds).Select(text => Encoding.UTF8.GetBytes($"{{\"{field}\":{JsonString(text)}{rest}}}"));

    /// <summary>
    /// Text seeds edited as hands and attackers edit them: characters deleted, inserted (odd Unicode and lone surrogates
    /// among them), duplicated, lines re-indented, and values after a colon replaced by one of <see cref="YamlValues"/>.
    /// </summary>
    public static Gen<string> EditedText(IReadOnlyList<string> seeds)
    {
        var alphabet = "-:[]{},&*!|>'\"#?.%~@ \n\t0123456789abcxyz.nan.infé名\0\u202e\ufeff\ud800\udc00";
        var edit = Gen.Select(Gen.Int[0, 5], Gen.Int[0, 1_000_000], Gen.Int[1, 40], Gen.Char[alphabet], Gen.Int[0, YamlValues.Length - 1]);
        return Gen.Select(Gen.Int[0, seeds.Count - 1], edit.Array[1, 6], (i, edits) =>
        {
            var sb = new StringBuilder(seeds[i]);
            foreach (var (kind, position, length, c, value) in edits)
            {
                var at = position % (sb.Length + 1);
                var count = Math.Min(length, sb.Length - at);
                switch (kind)
                {
                    case 0:
                        sb.Remove(at, count);
                        break;
                    case 1:
                        sb.Insert(at, c.ToString(), length % 3 + 1);
                        break;
                    case 2:
                        sb.Insert(at, sb.ToString(at, count));
                        break;
                    case 3:
                        sb.Insert(at, new string(' ', length % 5));
                        break;
                    default:
                        ReplaceValueAfterColon(sb, at, YamlValues[value]);
                        break;
                }
            }

            return sb.ToString();
        });
    }

    /// <summary>Encodes any string as a JSON string, every non-ASCII character (lone surrogates included) as a \u escape.</summary>
    public static string JsonString(string text)
    {
        var sb = new StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            if (c is '"' or '\\')
            {
                sb.Append('\\').Append(c);
            }
            else if (c < 0x20 || c >= 0x7F)
            {
                sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.Append('"').ToString();
    }

    private static Gen<(int Kind, int Position, int Length, byte Byte, int Bad)> Edit { get; } =
        Gen.Select(Gen.Int[0, 5], Gen.Int[0, 1_000_000], Gen.Int[1, 64], Gen.Byte, Gen.Int[0, BadBytes.Length - 1]);

    private static Gen<string> HostileValue { get; } = Gen.Frequency(
        (12, Gen.Int[0, JsonValues.Length - 1].Select(i => JsonValues[i])),
        (1, Gen.Int[10, 200].Select(depth => new string('[', depth) + new string(']', depth))),
        (1, Gen.Int[10, 200].Select(depth => string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth))),
        (1, Gen.Int[1_000, 100_000].Select(n => "\"" + new string('a', n) + "\"")),
        (1, Gen.Int[400, 20_000].Select(n => new string('9', n))),
        (1, Gen.Int[100, 5_000].Select(n => "[" + string.Join(',', Enumerable.Repeat("\"levers.sgmw_demand_growth=1\"", n)) + "]")));

    private static byte[] Apply(byte[] seed, (int Kind, int Position, int Length, byte Byte, int Bad)[] edits)
    {
        var bytes = new List<byte>(seed);
        foreach (var (kind, position, length, b, bad) in edits)
        {
            var at = position % (bytes.Count + 1);
            var count = Math.Min(length, bytes.Count - at);
            switch (kind)
            {
                case 0:
                    bytes.RemoveRange(at, count);
                    break;
                case 1:
                    bytes.InsertRange(at, Enumerable.Repeat(b, length % 4 + 1));
                    break;
                case 2:
                    if (count > 0)
                    {
                        bytes[at] = b;
                    }

                    break;
                case 3:
                    bytes.InsertRange(at, bytes.GetRange(at, count));
                    break;
                case 4:
                    bytes.InsertRange(at, BadBytes[bad]);
                    break;
                default:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
            }
        }

        return [.. bytes];
    }

    private static void ReplaceValueAfterColon(StringBuilder sb, int at, string value)
    {
        var text = sb.ToString();
        var colon = text.IndexOf(": ", at, StringComparison.Ordinal);
        if (colon < 0)
        {
            colon = text.IndexOf(": ", StringComparison.Ordinal);
        }

        if (colon < 0)
        {
            sb.Append(value);
            return;
        }

        var end = text.IndexOf('\n', colon);
        end = end < 0 ? text.Length : end;
        sb.Remove(colon + 2, end - colon - 2).Insert(colon + 2, value);
    }

    /// <summary>Values and property names in preorder, the root included.</summary>
    private static int Count(JsonNode? node) => node switch
    {
        JsonObject o => 1 + o.Sum(p => 1 + Count(p.Value)),
        JsonArray a => 1 + a.Sum(Count),
        _ => 1,
    };

    private enum SpliceKind
    {
        Value,
        Name,
        Duplicate,
    }

    /// <summary>Writes a JSON tree as text with its <c>target</c>-th node (value or property name, preorder) replaced by raw text.</summary>
    private sealed class JsonSplicer(int target, string raw, SpliceKind kind)
    {
        private readonly StringBuilder _sb = new();
        private int _index;

        public byte[] Write(JsonNode? root)
        {
            Node(root);
            return Encoding.UTF8.GetBytes(_sb.ToString());
        }

        private void Node(JsonNode? node)
        {
            if (_index++ == target && kind == SpliceKind.Value)
            {
                _sb.Append(raw);
                return;
            }

            switch (node)
            {
                case JsonObject o:
                    _sb.Append('{');
                    var first = true;
                    foreach (var (name, value) in o)
                    {
                        if (!first)
                        {
                            _sb.Append(',');
                        }

                        first = false;
                        var here = _index++ == target;
                        if (here && kind == SpliceKind.Name)
                        {
                            // A hostile value as a name: a string one stays valid JSON, anything else breaks the object.
                            _sb.Append(raw.StartsWith('"') ? raw : JsonString(raw)).Append(':');
                        }
                        else
                        {
                            _sb.Append(JsonString(name)).Append(':');
                        }

                        Node(value);
                        if (here && kind == SpliceKind.Duplicate)
                        {
                            _sb.Append(',').Append(JsonString(name)).Append(':').Append(raw);
                        }
                    }

                    _sb.Append('}');
                    break;
                case JsonArray a:
                    _sb.Append('[');
                    for (var i = 0; i < a.Count; i++)
                    {
                        if (i > 0)
                        {
                            _sb.Append(',');
                        }

                        Node(a[i]);
                    }

                    _sb.Append(']');
                    break;
                default:
                    _sb.Append(node?.ToJsonString() ?? "null");
                    break;
            }
        }
    }
}
