using LiubeiSim.Analysis.Comparison;

namespace LiubeiSim.Host.Comparisons;

/// <summary>
/// Comparisons this host answered, by id, so their files and fan charts can be fetched after the POST. Bounded:
/// past <see cref="CompareSettings.Retained"/> the oldest are forgotten (each holds both sides' monthly statistics).
/// </summary>
public sealed class ComparisonBook(CompareSettings settings, TimeProvider time)
{
    private readonly NewestKept<ComparisonResult> _comparisons = new(time, settings.Retained);

    public string Add(ComparisonResult result)
    {
        var id = Guid.NewGuid().ToString("N");
        _comparisons.Keep(id, result);
        return id;
    }

    public ComparisonResult? Find(string id) => _comparisons.TryFind(id, out var result) ? result : null;
}

/// <summary>Slots for comparisons computed at once (<see cref="CompareSettings.MaxConcurrent"/>); a request finding none is refused, not queued.</summary>
public sealed class ComparisonSlots(CompareSettings settings) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(Math.Max(1, settings.MaxConcurrent));

    public bool TryEnter() => _slots.Wait(0);

    public void Exit() => _slots.Release();

    public void Dispose() => _slots.Dispose();
}
