namespace LiubeiSim.Model.Engine;

/// <summary>Wall-clock timings of a run; reported in summary.json only, never in the CSV files.</summary>
public sealed record RunTimings(double StartupSeconds, double SimulationSeconds, double ReplicationMonthsPerSecond);
