using System.Globalization;

namespace LiubeiSim.Model.Admission;

/// <summary>
/// How much memory this process lets simulations hold at once: a share of the memory the runtime may use, or a size
/// given outright. Runs admitted against it, alone and together, leave the rest to the runtime, the silo, the web
/// server and the collector's headroom.
/// </summary>
/// <param name="Bytes">The budget.</param>
/// <param name="AvailableBytes">What the runtime may use: the container's memory limit (less the runtime's own 25 %), <c>DOTNET_GCHeapHardLimit</c>, or the machine's memory.</param>
/// <param name="Source">Where the budget comes from, for messages: e.g. "half of the 3 GiB this process may use".</param>
public sealed record MemoryBudget(long Bytes, long AvailableBytes, string Source)
{
    /// <summary>The share of the available memory taken when no size is given.</summary>
    public const double DefaultFraction = 0.5;

    /// <summary>
    /// The memory the garbage collector may use in this process. <see cref="GCMemoryInfo.TotalAvailableMemoryBytes"/>
    /// honours a container's cgroup limit (75 % of it by default, the runtime's heap hard limit), <c>DOTNET_GCHeapHardLimit</c>
    /// and <c>DOTNET_GCHeapHardLimitPercent</c>; without any, it is the machine's physical memory.
    /// </summary>
    public static long Available()
    {
        var available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        if (available <= 0)
        {
            // Reported from the last collection: none has happened yet in a process this young.
            GC.Collect(0, GCCollectionMode.Forced, blocking: true);
            available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        }

        return available;
    }

    /// <summary>
    /// The budget: <paramref name="configured"/> (a size, see <see cref="ByteSize"/>) when given, else
    /// <paramref name="fraction"/> of <paramref name="availableBytes"/>. Throws <see cref="ArgumentException"/> naming the
    /// setting for a size that does not parse or a fraction outside (0, 1].
    /// </summary>
    public static MemoryBudget Resolve(string? configured, double fraction, long availableBytes, string sizeSetting, string? fractionSetting)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return ByteSize.TryParse(configured, out var bytes)
                ? new MemoryBudget(bytes, availableBytes, $"{sizeSetting}={configured.Trim()}")
                : throw new ArgumentException($"{sizeSetting} '{configured}' is not a size: give {ByteSize.Accepted}.");
        }

        if (!(fraction > 0 && fraction <= 1))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{fractionSetting ?? "The share of memory"} {fraction} is out of range: give a share of the available memory above 0 and at most 1 (default {DefaultFraction})."));
        }

        var share = fraction == 0.5 ? "half" : string.Create(CultureInfo.InvariantCulture, $"{fraction:0.##} ×");
        var setting = fractionSetting is null ? string.Empty : $"; {fractionSetting}";
        return new MemoryBudget((long)(availableBytes * fraction), availableBytes, $"{share} of the {ByteSize.Format(availableBytes)} this process may use{setting}");
    }

    /// <summary>"1.5 GiB (half of the 3 GiB this process may use ...)".</summary>
    public override string ToString() => $"{ByteSize.Format(Bytes)} ({Source})";
}
