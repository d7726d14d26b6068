using System.Globalization;

namespace LiubeiSim.Model.Admission;

/// <summary>Sizes in bytes as people write them: <c>512MiB</c>, <c>2GiB</c>, <c>1.5G</c>, <c>3000000000</c>.</summary>
public static class ByteSize
{
    private static readonly (string Suffix, long Factor)[] Units =
    [
        ("TiB", 1L << 40), ("GiB", 1L << 30), ("MiB", 1L << 20), ("KiB", 1L << 10),
        ("TB", 1_000_000_000_000), ("GB", 1_000_000_000), ("MB", 1_000_000), ("KB", 1_000),
        ("Ti", 1L << 40), ("Gi", 1L << 30), ("Mi", 1L << 20), ("Ki", 1L << 10),
        ("T", 1L << 40), ("G", 1L << 30), ("M", 1L << 20), ("K", 1L << 10),
        ("B", 1),
    ];

    /// <summary>What <see cref="TryParse"/> accepts, for messages.</summary>
    public const string Accepted = "a size in bytes, or with a unit: 512MiB, 2GiB, 1.5G (K, M, G, T and Ki, Mi, Gi, Ti are powers of 1,024; KB, MB, GB, TB powers of 1,000)";

    /// <summary>Reads a positive size; false for anything else (zero, negative, unknown unit, over 2^62 bytes).</summary>
    public static bool TryParse(string? text, out long bytes)
    {
        bytes = 0;
        var s = text?.Trim() ?? string.Empty;
        var factor = 1L;
        foreach (var (suffix, f) in Units)
        {
            if (s.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                s = s[..^suffix.Length].TrimEnd();
                factor = f;
                break;
            }
        }

        if (!double.TryParse(s, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) || value <= 0)
        {
            return false;
        }

        var total = value * factor;
        if (double.IsNaN(total) || total >= (double)(1L << 62) || total < 1)
        {
            return false;
        }

        bytes = (long)total;
        return true;
    }

    /// <summary>Bytes in the largest binary unit that keeps a whole part, to one decimal: <c>1.5 GiB</c>, <c>640 MiB</c>.</summary>
    public static string Format(long bytes)
    {
        string[] names = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];
        var value = (double)Math.Max(0, bytes);
        var unit = 0;
        while (value >= 1024 && unit < names.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return unit == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{bytes} B")
            : string.Create(CultureInfo.InvariantCulture, $"{value:0.#} {names[unit]}");
    }
}
