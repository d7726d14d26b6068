using System.Numerics;
using System.Runtime.CompilerServices;
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
/// subtractions are element-wise, so the SIMD lanes give the scalar bits. While no month has left the window (a
/// horizon of at most 12 months) that sum is a running sum, one addition a month on the sum before: the same
/// operations in the same order, so such a horizon keeps no window at all, only the sums.
/// </remarks>
public sealed class SeriesAccumulator
{
    private const int Window = 12;
    private readonly int _count;

    /// <summary>Where this part's values of series 0 start in <see cref="_reported"/> (0 for a whole block), and how far apart two series' rows are.</summary>
    private readonly int _offset;
    private readonly int _stride;
    private readonly double[] _window;
    private readonly double[] _reported;
    private readonly SeriesReducer[] _reducers;

    /// <summary>Row of each series in a window plane, or −1 for stocks, which report their month's value and need no history.</summary>
    private readonly int[] _windowRow;
    private readonly int _windowed;

    /// <summary>Running sums of the windowed series that report a transform of their sum (sums report it as it is, in place).</summary>
    private readonly double[] _sums;
    private readonly bool _running;
    private int _months;

    /// <param name="count">Replications of the block.</param>
    /// <param name="months">Months of the horizon: up to 12, running sums replace the window (any longer keeps it).</param>
    public SeriesAccumulator(int count, int months = int.MaxValue)
        : this(count, months, new double[SeriesLayout.Count * count], 0, count)
    {
    }

    /// <summary>
    /// An accumulator for one part of a larger block, writing its reported values into that block's array
    /// (series-major over <paramref name="stride"/> replications) at <paramref name="offset"/>, so the parts of a block
    /// report together without a copy. Its window or running sums are its own.
    /// </summary>
    /// <param name="count">Replications of the part.</param>
    /// <param name="months">Months of the horizon, as above.</param>
    /// <param name="reported">The whole block's reported values, <see cref="SeriesLayout.Count"/> × <paramref name="stride"/>.</param>
    /// <param name="offset">The part's first replication within the block.</param>
    /// <param name="stride">Replications of the whole block.</param>
    public SeriesAccumulator(int count, int months, double[] reported, int offset, int stride)
    {
        ArgumentNullException.ThrowIfNull(reported);
        if (count < 0 || offset < 0 || stride < offset + count || reported.Length != SeriesLayout.Count * stride)
        {
            throw new ArgumentException($"A part of {count} replications at {offset} does not fit a block of {stride} whose reported values are {reported.Length} long.", nameof(reported));
        }

        _count = count;
        _offset = offset;
        _stride = stride;
        _reducers = SeriesLayout.All.Select(s => s.Reducer).ToArray();
        _windowRow = new int[_reducers.Length];
        _running = months <= Window;
        foreach (var (reducer, s) in _reducers.Select((r, s) => (r, s)))
        {
            var keepsSum = _running ? reducer is SeriesReducer.Mean or SeriesReducer.GrowthOverBase : reducer != SeriesReducer.Last;
            _windowRow[s] = keepsSum ? _windowed++ : -1;
        }

        _window = _running ? [] : new double[Window * _windowed * count];
        _sums = _running ? new double[_windowed * count] : [];
        _reported = reported;
    }

    /// <summary>Bytes an accumulator holds per replication of its block for a horizon of <paramref name="months"/> (for the admission estimate).</summary>
    public static long BytesPerReplication(int months)
    {
        var reducers = SeriesLayout.All.Select(s => s.Reducer).ToList();
        var kept = months <= Window
            ? reducers.Count(r => r is SeriesReducer.Mean or SeriesReducer.GrowthOverBase)
            : Window * reducers.Count(r => r != SeriesReducer.Last);
        return 8L * (SeriesLayout.Count + kept);
    }

    /// <summary>The values the last <see cref="Add"/> returned: the whole block's array for a part (see the constructor for parts).</summary>
    public ReadOnlyMemory<double> Reported => _reported;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public ReadOnlySpan<double> Add(ReadOnlySpan<double> raw)
    {
        if (_running)
        {
            return AddRunning(raw);
        }

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
            var reported = _reported.AsSpan((s * _stride) + _offset, _count);
            if (reducer == SeriesReducer.Last)
            {
                raw.Slice(s * _count, _count).CopyTo(reported);
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

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private ReadOnlySpan<double> AddRunning(ReadOnlySpan<double> raw)
    {
        if (_months >= Window)
        {
            throw new InvalidOperationException($"This accumulator was made for a horizon of at most {Window} months.");
        }

        _months++;
        for (var s = 0; s < SeriesLayout.Count; s++)
        {
            var reported = _reported.AsSpan((s * _stride) + _offset, _count);
            var values = raw.Slice(s * _count, _count);
            switch (_reducers[s])
            {
                case SeriesReducer.Last:
                    values.CopyTo(reported);
                    break;
                case SeriesReducer.Sum:
                    RollUp.AddInto(values, reported);
                    break;
                default:
                    var sum = _sums.AsSpan(_windowRow[s] * _count, _count);
                    RollUp.AddInto(values, sum);
                    sum.CopyTo(reported);
                    if (_reducers[s] == SeriesReducer.Mean)
                    {
                        Divide(reported, _months, subtract: 0.0, scale: 1.0, transform: false);
                    }
                    else
                    {
                        Divide(reported, _months / 12.0, subtract: 1.0, scale: 100.0, transform: true);
                    }

                    break;
            }
        }

        return _reported;
    }

    /// <summary>
    /// values[i] = values[i] / divisor, then, when transform is set, (that − subtract) · scale: the same three
    /// rounded operations, in the same order, as the scalar reducers.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
