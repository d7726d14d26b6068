using LiubeiSim.Model.Scenarios;

namespace LiubeiSim.Model.Engine;

/// <summary>A target and the share of replications that meet it at the end of the horizon.</summary>
public sealed record TargetResult(Target Target, double Probability);
