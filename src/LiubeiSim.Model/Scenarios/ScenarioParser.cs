using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace LiubeiSim.Model.Scenarios;

/// <summary>
/// Reads scenario files (YAML) into validated <see cref="Scenario"/>s. Never throws: every way a file can be wrong,
/// from binary garbage to an out-of-range lever, comes back as a located <see cref="ScenarioProblem"/>, all of them at once.
/// </summary>
public static class ScenarioParser
{
    /// <summary>Largest accepted file; scenarios are a few hundred bytes, so anything near this is a mistake or an attack.</summary>
    public const int MaxFileBytes = 256 * 1024;

    /// <summary>The longest horizon (and shock) a scenario may ask for, in months: ten years.</summary>
    public const int MaxHorizonMonths = 120;

    public const int DefaultMonths = 12;
    public const int DefaultReplications = 1000;
    public const ulong DefaultSeed = 20230101;

    private const string TextAllowed = "a UTF-8 text file in YAML, like the output of 'liubeisim scenarios show baseline-2023'";
    private const string DocumentAllowed = "a YAML mapping with at least name, base and horizon, like 'liubeisim scenarios show baseline-2023'";

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Reads and validates a scenario file. The size is checked before the file is read.</summary>
    /// <param name="path">The file.</param>
    /// <param name="settings"><c>KEY=VALUE</c> settings applied over the file before validation (<see cref="ScenarioSettings"/>).</param>
    public static ScenarioParseResult ParseFile(string path, IReadOnlyList<string>? settings = null)
    {
        try
        {
            var info = new FileInfo(path);
            if (Directory.Exists(path))
            {
                return ScenarioParseResult.Failure(path, "this is a directory, not a scenario file", "a path to a scenario file (.yaml)");
            }

            if (!info.Exists)
            {
                return ScenarioParseResult.Failure(path, "no such file", "a path to an existing scenario file (.yaml)");
            }

            if (info.Length > MaxFileBytes)
            {
                return TooLarge(path, info.Length);
            }

            // Read at most one byte past the limit: the file may have grown since the check.
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            var buffer = new byte[MaxFileBytes + 1];
            var total = 0;
            int read;
            while (total < buffer.Length && (read = stream.Read(buffer, total, buffer.Length - total)) > 0)
            {
                total += read;
            }

            return ParseBytes(path, buffer.AsSpan(0, total), settings);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException or System.Security.SecurityException)
        {
            return ScenarioParseResult.Failure(path, "cannot read the file: " + ex.Message, "a readable scenario file");
        }
    }

    /// <summary>Validates the raw bytes of a scenario file: they must be UTF-8 text (a BOM is allowed) with no NUL bytes.</summary>
    public static ScenarioParseResult ParseBytes(string file, ReadOnlySpan<byte> bytes, IReadOnlyList<string>? settings = null)
    {
        if (bytes.Length > MaxFileBytes)
        {
            return TooLarge(file, bytes.Length);
        }

        if (bytes.StartsWith("\uFEFF"u8))
        {
            bytes = bytes[3..];
        }

        var nul = bytes.IndexOf((byte)0);
        if (nul >= 0)
        {
            return Binary(file, ByteMark(bytes, nul), $"the file holds binary data (a NUL byte at offset {nul})");
        }

        var chars = ArrayPool<char>.Shared.Rent(Math.Max(1, bytes.Length));
        try
        {
            var status = Utf8.ToUtf16(bytes, chars, out var bytesRead, out var charsWritten, replaceInvalidSequences: false);
            if (status != OperationStatus.Done)
            {
                return Binary(file, ByteMark(bytes, bytesRead), $"the file is not valid UTF-8 (byte 0x{bytes[bytesRead]:X2} at offset {bytesRead})");
            }

            return ParseText(file, new string(chars, 0, charsWritten), settings);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    /// <summary>Validates the text of a scenario file; <paramref name="file"/> only labels the problems.</summary>
    public static ScenarioParseResult ParseText(string file, string text, IReadOnlyList<string>? settings = null)
    {
        // Every char is at least one UTF-8 byte, so the cheap length test settles most cases.
        if (text.Length > MaxFileBytes || StrictByteCount(text) > MaxFileBytes)
        {
            return TooLarge(file, Math.Max(text.Length, StrictByteCount(text)));
        }

        if (text.StartsWith('\uFEFF'))
        {
            text = text[1..];
        }

        if (FirstForbiddenChar(text) is { } bad)
        {
            var what = text[bad] == '\0'
                ? "the file holds binary data (a NUL character)"
                : char.IsSurrogate(text[bad])
                    ? "the file holds a broken character (an unpaired UTF-16 surrogate)"
                    : $"the file holds the control character U+{(int)text[bad]:X4}";
            return Binary(file, SourceMark.InText(text, bad), what);
        }

        var problems = new ProblemCollector(file);
        if (string.IsNullOrWhiteSpace(text))
        {
            problems.Add(SourceMark.FileStart, string.Empty, "the file is empty", DocumentAllowed);
            return new ScenarioParseResult(null, problems.ToList());
        }

        var root = YamlTree.Read(text, problems, out var complete);
        if (settings is { Count: > 0 } && root is YamlTreeMapping rootMap)
        {
            ScenarioSettings.Apply(rootMap, settings, problems);
        }

        Scenario? scenario = null;
        if (root is null || root is YamlTreeScalar { Kind: ScalarKind.Null, IsRejected: false })
        {
            if (problems.Count == 0)
            {
                var onlyComments = text.Split('\n').All(l => l.TrimStart().Length == 0 || l.TrimStart().StartsWith('#'));
                problems.Add(SourceMark.FileStart, string.Empty, onlyComments ? "the file holds only comments, no scenario" : "the document is empty", DocumentAllowed);
            }
        }
        else
        {
            scenario = new ScenarioReader(problems, complete).Read(root, LeadingComment(text));
        }

        return new ScenarioParseResult(problems.Count == 0 ? scenario : null, problems.ToList());
    }

    /// <summary>The comment block at the top of the file with each line's <c>#</c> and one following space removed.</summary>
    internal static string LeadingComment(string text)
    {
        var lines = new List<string>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r').TrimStart();
            if (line.Length == 0 && lines.Count == 0)
            {
                continue;
            }

            if (!line.StartsWith('#'))
            {
                break;
            }

            line = line[1..];
            lines.Add((line.StartsWith(' ') ? line[1..] : line).TrimEnd());
        }

        return string.Join('\n', lines).Trim('\n');
    }

    private static int StrictByteCount(string text)
    {
        try
        {
            return StrictUtf8.GetByteCount(text);
        }
        catch (EncoderFallbackException)
        {
            // A lone surrogate: reported below as a broken character; its length in bytes does not matter.
            return text.Length;
        }
    }

    /// <summary>The first character YAML does not allow in a file (C0/C1 controls other than tab, line breaks and NEL; lone surrogates; U+FFFE/U+FFFF).</summary>
    private static int? FirstForbiddenChar(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }

            var forbidden = c switch
            {
                '\t' or '\n' or '\r' or '\u0085' => false,
                < '\u0020' => true,
                >= '\u007F' and <= '\u009F' => true,
                '\uFFFE' or '\uFFFF' => true,
                _ => char.IsSurrogate(c),
            };
            if (forbidden)
            {
                return i;
            }
        }

        return null;
    }

    /// <summary>The line and column (in characters) of a byte offset, counting UTF-8 lead bytes only.</summary>
    private static SourceMark ByteMark(ReadOnlySpan<byte> bytes, int offset)
    {
        var line = 1;
        var column = 1;
        for (var i = 0; i < offset && i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\n')
            {
                line++;
                column = 1;
            }
            else if ((bytes[i] & 0xC0) != 0x80)
            {
                column++;
            }
        }

        return new SourceMark(line, column);
    }

    private static ScenarioParseResult Binary(string file, SourceMark at, string message)
    {
        var problems = new ProblemCollector(file);
        problems.Add(at, string.Empty, message, TextAllowed);
        return new ScenarioParseResult(null, problems.ToList());
    }

    private static ScenarioParseResult TooLarge(string file, long size)
    {
        var problems = new ProblemCollector(file);
        problems.Add(SourceMark.FileStart, string.Empty, $"the file is {size} bytes, over the limit of {MaxFileBytes} bytes (256 KiB)", "a scenario file of at most 256 KiB; scenarios are usually under 2 KiB");
        return new ScenarioParseResult(null, problems.ToList());
    }
}
