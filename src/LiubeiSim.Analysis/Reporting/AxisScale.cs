using System.Globalization;

namespace LiubeiSim.Analysis.Reporting;

/// <summary>A value axis with round ticks (1, 2 or 5 times a power of ten) covering the data.</summary>
internal sealed class AxisScale
{
    private AxisScale(double min, double max, double step)
    {
        Min = min;
        Max = max;
        Step = step;
    }

    public double Min { get; }

    public double Max { get; }

    public double Step { get; }

    public IEnumerable<double> Ticks
    {
        get
        {
            // Counted, not accumulated, so 0.1 steps do not drift into 0.30000000000000004 labels.
            var count = (int)Math.Round((Max - Min) / Step);
            for (var i = 0; i <= count; i++)
            {
                yield return Min + (i * Step);
            }
        }
    }

    public static AxisScale Covering(double low, double high, int targetTicks = 6)
    {
        if (high < low)
        {
            (low, high) = (high, low);
        }

        if (high - low < 1e-12 * Math.Max(1, Math.Abs(high)))
        {
            // A flat series still gets an axis around it.
            var pad = low == 0 ? 1 : Math.Abs(low) * 0.1;
            low -= pad;
            high += pad;
        }

        var step = Nice((high - low) / Math.Max(1, targetTicks - 1));
        return new AxisScale(Math.Floor(low / step) * step, Math.Ceiling(high / step) * step, step);
    }

    /// <summary>Maps a value to a pixel between <paramref name="bottom"/> (at Min) and <paramref name="top"/> (at Max).</summary>
    public double Map(double value, double bottom, double top) => bottom - ((value - Min) / (Max - Min) * (bottom - top));

    /// <summary>A tick's label, with the decimals the step needs and no more.</summary>
    public string Label(double value)
    {
        var decimals = Math.Max(0, (int)-Math.Floor(Math.Log10(Step) + 1e-9));
        var text = value.ToString("#,##0." + new string('0', decimals), CultureInfo.InvariantCulture).TrimEnd('.');
        return text == "-0" ? "0" : text;
    }

    private static double Nice(double rough)
    {
        var power = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        var fraction = rough / power;
        var nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
        return nice * power;
    }
}
