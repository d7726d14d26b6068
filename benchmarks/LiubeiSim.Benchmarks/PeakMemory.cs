using System.Globalization;
using LiubeiSim.Grains.Engine;
using LiubeiSim.Model.Engine;
using LiubeiSim.Model.Scenarios;

namespace LiubeiSim.Benchmarks;

/// <summary>Runs baseline-2023 once in this process and prints the process's peak resident set (VmHWM) in KiB.</summary>
/// <remarks>
/// A run that would take the machine's last memory is stopped instead (<see cref="MemoryGuard"/>): the line then says
/// <c>stopped=low-memory</c>, and its peak is only a lower bound.
/// </remarks>
public static class PeakMemory
{
    public const string Command = "peak-memory";

    public static int Run(string[] args)
    {
        if (args.Length != 2 || !int.TryParse(args[1], NumberStyles.None, CultureInfo.InvariantCulture, out var replications) || replications < 1)
        {
            Console.Error.WriteLine($"usage: {Command} inprocess|orleans REPLICATIONS");
            return 2;
        }

        var scenario = ScenarioLibrary.Load("baseline-2023").WithReplications(replications);
        using var guard = new MemoryGuard(args[0], replications);
        var result = args[0] switch
        {
            InProcessEngine.Name => InProcessEngine.Run(scenario),
            OrleansEngine.Name => OrleansEngine.Run(scenario),
            _ => null,
        };
        if (result is null)
        {
            Console.Error.WriteLine($"unknown engine {args[0]}");
            return 2;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"engine={args[0]} replications={replications} peak_kib={PeakResidentKib()}"));
        return 0;
    }

    /// <summary>VmHWM from /proc/self/status: the kernel's high-water mark of resident memory, which no sampling can miss.</summary>
    private static long PeakResidentKib() => ProcField("/proc/self/status", "VmHWM:") ?? Environment.WorkingSet / 1024;

    /// <summary>A "Name:   1234 kB" field of a /proc file, in KiB; null when absent (not Linux).</summary>
    private static long? ProcField(string file, string name)
    {
        if (!File.Exists(file))
        {
            return null;
        }

        foreach (var line in File.ReadLines(file))
        {
            if (line.StartsWith(name, StringComparison.Ordinal))
            {
                return long.Parse(line[name.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            }
        }

        return null;
    }

    /// <summary>
    /// Stops the process before the machine runs out of memory: the kernel's out-of-memory killer would otherwise pick
    /// a process, perhaps another user's (a 1,000,000-replication run on the Orleans engine once reached 23.5 GB here
    /// and was killed). Every 20 ms it reads MemAvailable and this process's resident set; when the machine has less
    /// than the reserve left (PEAK_MEMORY_RESERVE_MIB, default 4,096: the machine is shared), or the process holds more than the cap
    /// (PEAK_MEMORY_CAP_MIB, default 16,384: 2.7 times issue 13's 6 KB per replication at 1,000,000, so a run past it
    /// fails that goal anyway and need not take minutes more), it prints the run's line with <c>stopped=low-memory</c>
    /// or <c>stopped=cap</c> and the peak so far, and kills this process (SIGKILL: no clean-up that could allocate).
    /// </summary>
    private sealed class MemoryGuard : IDisposable
    {
        private volatile bool _done;

        public MemoryGuard(string engine, int replications)
        {
            var reserveKib = long.Parse(Environment.GetEnvironmentVariable("PEAK_MEMORY_RESERVE_MIB") ?? "4096", CultureInfo.InvariantCulture) * 1024;
            var capKib = long.Parse(Environment.GetEnvironmentVariable("PEAK_MEMORY_CAP_MIB") ?? "16384", CultureInfo.InvariantCulture) * 1024;
            var thread = new Thread(() =>
            {
                while (!_done)
                {
                    var available = ProcField("/proc/meminfo", "MemAvailable:") ?? long.MaxValue;
                    var resident = ProcField("/proc/self/status", "VmRSS:") ?? 0;
                    if (available < reserveKib || resident > capKib)
                    {
                        var why = available < reserveKib ? "low-memory" : "cap";
                        Console.WriteLine(string.Create(
                            CultureInfo.InvariantCulture,
                            $"engine={engine} replications={replications} peak_kib={PeakResidentKib()} stopped={why} available_kib={available} reserve_kib={reserveKib} cap_kib={capKib}"));
                        Console.Out.Flush();
                        using var self = System.Diagnostics.Process.GetCurrentProcess();
                        self.Kill();
                    }

                    Thread.Sleep(20);
                }
            })
            { IsBackground = true, Name = "memory guard", Priority = ThreadPriority.Highest };
            thread.Start();
        }

        public void Dispose() => _done = true;
    }
}
