using System.Diagnostics;
using System.Runtime.InteropServices;

namespace LiubeiSim.Phases;

/// <summary>
/// Processor time of the calling thread (Linux CLOCK_THREAD_CPUTIME_ID): time it spent on a core, not time it waited
/// for one. On this shared 2-core machine other work takes the core away for milliseconds at a time, which a
/// stopwatch would charge to whatever phase was running. Elsewhere it falls back to the stopwatch.
/// </summary>
public static class ThreadTime
{
    private const int ClockThreadCpuTime = 3;
    private static readonly bool Available = OperatingSystem.IsLinux() && TryRead(out _);

    /// <summary>True when <see cref="Now"/> reads the thread's processor time, false when it reads the wall clock.</summary>
    public static bool IsProcessorTime => Available;

    /// <summary>Now, in <see cref="Stopwatch.Frequency"/> ticks (nanoseconds of processor time on Linux).</summary>
    public static long Now() =>
        Available && TryRead(out var ns)
            ? (Stopwatch.Frequency == 1_000_000_000 ? ns : (long)(ns * (Stopwatch.Frequency / 1e9)))
            : Stopwatch.GetTimestamp();

    private static bool TryRead(out long nanoseconds)
    {
        if (clock_gettime(ClockThreadCpuTime, out var spec) != 0)
        {
            nanoseconds = 0;
            return false;
        }

        nanoseconds = (spec.Seconds * 1_000_000_000) + spec.Nanoseconds;
        return true;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int clock_gettime(int clock, out TimeSpec time);
}
