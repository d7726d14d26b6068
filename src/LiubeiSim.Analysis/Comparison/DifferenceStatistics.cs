namespace LiubeiSim.Analysis.Comparison;

/// <summary>
/// The distribution of B − A for one series at one month, over replications paired by index: with common random
/// numbers replication r of A and of B saw the same draws, so the spread is the policy's, not the noise's.
/// </summary>
/// <param name="ProbabilityBGreater">Share of replications where B's value exceeds A's (ties count for neither).</param>
public readonly record struct DifferenceStatistics(double P5, double P10, double P50, double P90, double P95, double Mean, double ProbabilityBGreater);
