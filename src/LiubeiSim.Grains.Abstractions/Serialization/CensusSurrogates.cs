using LiubeiSim.Aggregation;

namespace LiubeiSim.Grains.Serialization;

// A run's questions to its shards and their answers cross silos whenever a shard does not share the run's silo.

[GenerateSerializer]
[Alias("LiubeiSim.Grains.Serialization.CensusQuestionSurrogate")]
public readonly record struct CensusQuestionSurrogate
{
    [Id(0)] public required int[] Series { get; init; }
    [Id(1)] public required ulong[] Lower { get; init; }
    [Id(2)] public required ulong[] Upper { get; init; }
    [Id(3)] public required byte[] Want { get; init; }
    [Id(4)] public required int[] SplitterEnds { get; init; }
    [Id(5)] public required ulong[] Splitters { get; init; }
    [Id(6)] public required int SampleLimit { get; init; }
    [Id(7)] public required int[] KeepSeries { get; init; }
    [Id(8)] public required ulong[] KeepLower { get; init; }
    [Id(9)] public required ulong[] KeepUpper { get; init; }
}

[RegisterConverter]
public sealed class CensusQuestionConverter : IConverter<CensusQuestion, CensusQuestionSurrogate>
{
    public CensusQuestion ConvertFromSurrogate(in CensusQuestionSurrogate surrogate) =>
        new(surrogate.Series, surrogate.Lower, surrogate.Upper, [.. surrogate.Want.Select(w => (CensusWant)w)], surrogate.SplitterEnds, surrogate.Splitters, surrogate.SampleLimit, surrogate.KeepSeries, surrogate.KeepLower, surrogate.KeepUpper);

    public CensusQuestionSurrogate ConvertToSurrogate(in CensusQuestion value) => new()
    {
        Series = value.Series,
        Lower = value.Lower,
        Upper = value.Upper,
        Want = [.. value.Want.Select(w => (byte)w)],
        SplitterEnds = value.SplitterEnds,
        Splitters = value.Splitters,
        SampleLimit = value.SampleLimit,
        KeepSeries = value.KeepSeries,
        KeepLower = value.KeepLower,
        KeepUpper = value.KeepUpper,
    };
}

[GenerateSerializer]
[Alias("LiubeiSim.Grains.Serialization.CensusAnswerSurrogate")]
public readonly record struct CensusAnswerSurrogate
{
    [Id(0)] public required int[] Counts { get; init; }
    [Id(1)] public required int[] ValueEnds { get; init; }
    [Id(2)] public required double[] Values { get; init; }
}

[RegisterConverter]
public sealed class CensusAnswerConverter : IConverter<CensusAnswer, CensusAnswerSurrogate>
{
    public CensusAnswer ConvertFromSurrogate(in CensusAnswerSurrogate surrogate) => new(surrogate.Counts, surrogate.ValueEnds, surrogate.Values);

    public CensusAnswerSurrogate ConvertToSurrogate(in CensusAnswer value) => new() { Counts = value.Counts, ValueEnds = value.ValueEnds, Values = value.Values };
}
