using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace LiubeiSim.Phases;

/// <summary>
/// The core clock, measured: neither /proc/cpuinfo nor lscpu gives it on this virtual machine.
/// </summary>
/// <remarks>
/// A 64-bit integer add between registers has a latency of exactly one cycle on every x86-64 core of the last two
/// decades (and on Arm64 cores), so a chain of adds where each one needs the previous result runs one add per cycle
/// whatever the core's width: the loop's own counter and branch are independent of the chain and retire beside it on
/// other ports. Adds per second over that chain are then cycles per second, at whatever clock (boost included) the core
/// runs at while busy, which is the clock the simulation runs at too. Seconds are the thread's processor time
/// (<see cref="ThreadTime"/>), so time another process held the core is not counted, and the best of several tries
/// discards what is left of such interruptions (a hypervisor's steal is invisible to the guest).
/// </remarks>
public static class CycleClock
{
    private const int AddsPerIteration = 32;

    /// <summary>Hertz, best of <paramref name="tries"/> chains of about <paramref name="secondsPerTry"/> each.</summary>
    public static double MeasureHz(int tries = 7, double secondsPerTry = 0.05)
    {
        // First call compiles the chain (fully optimised from the start), so the timed ones run the final code.
        _ = Chain(1000, 1);
        var iterations = 1_000_000L;
        while (true)
        {
            var started = ThreadTime.Now();
            _ = Chain(iterations, 3);
            var seconds = (double)(ThreadTime.Now() - started) / Stopwatch.Frequency;
            if (seconds >= secondsPerTry / 4)
            {
                iterations = (long)(iterations * secondsPerTry / seconds);
                break;
            }

            iterations *= 4;
        }

        var best = double.MaxValue;
        for (var i = 0; i < tries; i++)
        {
            var started = ThreadTime.Now();
            var sum = Chain(iterations, 3);
            var seconds = (double)(ThreadTime.Now() - started) / Stopwatch.Frequency;
            if (sum != iterations * AddsPerIteration * 3)
            {
                throw new InvalidOperationException("The add chain computed a wrong sum.");
            }

            best = Math.Min(best, seconds);
        }

        return iterations * AddsPerIteration / best;
    }

    /// <summary>
    /// 32 dependent adds per iteration. <paramref name="step"/> is a run-time value, so the JIT cannot fold the chain
    /// into one multiply-add (it does not reassociate adds of a variable); see the disassembly with
    /// DOTNET_JitDisasm=Chain.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static long Chain(long iterations, long step)
    {
        var a = 0L;
        for (var i = 0L; i < iterations; i++)
        {
            a += step; a += step; a += step; a += step; a += step; a += step; a += step; a += step;
            a += step; a += step; a += step; a += step; a += step; a += step; a += step; a += step;
            a += step; a += step; a += step; a += step; a += step; a += step; a += step; a += step;
            a += step; a += step; a += step; a += step; a += step; a += step; a += step; a += step;
        }

        return a;
    }
}
