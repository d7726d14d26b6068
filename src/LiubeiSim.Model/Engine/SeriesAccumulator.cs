using System.Numerics;
using System.Runtime.InteropServices;
using LiubeiSim.Aggregation;

namespace LiubeiSim.Model.Engine;

/// <summary>
/// Turns each month's raw values into reported values: flows summed over the last 12 months, stocks as they are,
/// shares averaged, income growth against the base year. Keeps only a 12-month window of the series that need one
/// (flows and averages; stocks need none), never whole trajectories.
/// Per replication and in a fixed order (oldest month first), so any split into shards gives the same bits.
/// </summary>
/// <remarks>
/// Each series' window sum is built row by row (0.0, then the oldest month's row added, then the next...), which is
/// the per-replication order of the definition, vectorised across replications; the reducers' divisions and
/// subtractions are element-wise, so the SIMD lanes give the scalar bits.
/// </remarks>
public sealed class SeriesAccumulator
{
    private const int Window = 12;
    private readonly int _count;
    private readonly double[] _window;
    private readonly double[] _reported;
    private readonly SeriesReducer[] _reducers;

    /// <summary>Row of each series in a window plane, or −1 for stocks, which report their month's value and need no history.</summary>
    private readonly int[] _windowRow;
    private readonly int _windowed;
    private int _months;

    public SeriesAccumulator(int count)
    {
        _count = count;
        _reducers = SeriesLayout.All.Select(s => s.Reducer).ToArray();
        _windowRow = new int[_reducers.Length];
        foreach (var (reducer, s) in _reducers.Select((r, s) => (r, s)))
        {
            _windowRow[s] = reducer == SeriesReducer.Last ? -1 : _windowed++;
        }

        _window = new double[Window * _windowed * count];
        _reported = new double[SeriesLayout.Count * count];
    }

    public ReadOnlySpan<double> Add(ReadOnlySpan<double> raw)
    {
        var slot = _months % Window;
        var plane = _windowed * _count;
        for (var s = 0; s < _windowRow.Length; s++)
        {
            if (_windowRow[s] >= 0)
            {
                raw.Slice(s * _count, _count).CopyTo(_window.AsSpan((slot * plane) + (_windowRow[s] * _count), _count));
            }
        }

        _months++;
        var filled = Math.Min(_months, Window);
        var oldest = _months - filled;
        for (var s = 0; s < SeriesLayout.Count; s++)
        {
            var reducer = _reducers[s];
            var row = s * _count;
            var reported = _reported.AsSpan(row, _count);
            if (reducer == SeriesReducer.Last)
            {
                raw.Slice(row, _count).CopyTo(reported);
                continue;
            }

            reported.Clear();
            for (var m = oldest; m < _months; m++)
            {
                RollUp.AddInto(_window.AsSpan(((m % Window) * plane) + (_windowRow[s] * _count), _count), reported);
            }

            switch (reducer)
            {
                case SeriesReducer.Mean:
                    Divide(reported, filled, subtract: 0.0, scale: 1.0, transform: false);
                    break;
                case SeriesReducer.GrowthOverBase:
                    Divide(reported, filled / 12.0, subtract: 1.0, scale: 100.0, transform: true);
                    break;
            }
        }

        return _reported;
    }

    /// <summary>
    /// values[i] = values[i] / divisor, then, when transform is set, (that − subtract) · scale: the same three
    /// rounded operations, in the same order, as the scalar reducers.
    /// </summary>
    private static void Divide(Span<double> values, double divisor, double subtract, double scale, bool transform)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var d = new Vector<double>(divisor);
            var minus = new Vector<double>(subtract);
            var times = new Vector<double>(scale);
            var vectors = MemoryMarshal.Cast<double, Vector<double>>(values);
            for (var v = 0; v < vectors.Length; v++)
            {
                var x = vectors[v] / d;
                vectors[v] = transform ? (x - minus) * times : x;
            }

            i = vectors.Length * Vector<double>.Count;
        }

        for (; i < values.Length; i++)
        {
            var x = values[i] / divisor;
            values[i] = transform ? (x - subtract) * scale : x;
        }
    }
}
