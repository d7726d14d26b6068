namespace LiubeiSim.Model.Engine;

/// <summary>
/// Turns each month's raw values into reported values: flows summed over the last 12 months, stocks as they are,
/// shares averaged, income growth against the base year. Keeps only a 12-month window, never whole trajectories.
/// Per replication and in a fixed order (oldest month first), so any split into shards gives the same bits.
/// </summary>
public sealed class SeriesAccumulator
{
    private const int Window = 12;
    private readonly int _count;
    private readonly double[] _window;
    private readonly double[] _reported;
    private readonly SeriesReducer[] _reducers;
    private int _months;

    public SeriesAccumulator(int count)
    {
        _count = count;
        _window = new double[Window * SeriesLayout.Count * count];
        _reported = new double[SeriesLayout.Count * count];
        _reducers = SeriesLayout.All.Select(s => s.Reducer).ToArray();
    }

    public ReadOnlySpan<double> Add(ReadOnlySpan<double> raw)
    {
        var slot = _months % Window;
        var plane = SeriesLayout.Count * _count;
        raw.CopyTo(_window.AsSpan(slot * plane, plane));
        _months++;
        var filled = Math.Min(_months, Window);
        var oldest = _months - filled;
        for (var s = 0; s < SeriesLayout.Count; s++)
        {
            var reducer = _reducers[s];
            var row = s * _count;
            for (var i = 0; i < _count; i++)
            {
                if (reducer == SeriesReducer.Last)
                {
                    _reported[row + i] = raw[row + i];
                    continue;
                }

                var sum = 0.0;
                for (var m = oldest; m < _months; m++)
                {
                    sum += _window[((m % Window) * plane) + row + i];
                }

                _reported[row + i] = reducer switch
                {
                    SeriesReducer.Sum => sum,
                    SeriesReducer.Mean => sum / filled,
                    SeriesReducer.GrowthOverBase => ((sum / (filled / 12.0)) - 1) * 100,
                    _ => sum,
                };
            }
        }

        return _reported;
    }
}
