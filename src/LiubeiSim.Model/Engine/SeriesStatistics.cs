namespace LiubeiSim.Model.Engine;

/// <summary>Distribution of one series at one month across replications.</summary>
public readonly record struct SeriesStatistics(double P5, double P10, double P50, double P90, double P95, double Mean);
