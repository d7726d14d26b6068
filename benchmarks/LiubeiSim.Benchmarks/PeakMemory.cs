using System.Globalization;
using LiubeiSim.Grains.Engine;
using LiubeiSim.Model.Engine;
using LiubeiSim.Model.Scenarios;

namespace LiubeiSim.Benchmarks;

/// <summary>Runs baseline-2023 once in this process and prints the process's peak resident set (VmHWM) in KiB.</summary>
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
    private static long PeakResidentKib()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                return long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            }
        }

        return Environment.WorkingSet / 1024;
    }
}
