namespace LiubeiSim.Model.Scenarios;

/// <summary>Whether a target asks for at least or at most the threshold.</summary>
public enum TargetDirection
{
    AtLeast,
    AtMost,
}

/// <summary>Whether a threshold is a level in the indicator's unit or a growth in percent over the base year.</summary>
public enum TargetMeasure
{
    Level,
    Growth,
}

/// <summary>A target: the probability that the indicator, at the end of the horizon, is on the right side of the threshold.</summary>
public sealed record Target(string Name, string Indicator, string Scope, TargetDirection Direction, double Threshold, TargetMeasure Measure)
{
    /// <summary>Whether a simulated end value meets the target, given the base-year value.</summary>
    public bool IsMet(double value, double baseValue)
    {
        var measured = Measure == TargetMeasure.Growth ? (value / baseValue - 1.0) * 100.0 : value;
        return Direction == TargetDirection.AtLeast ? measured >= Threshold : measured <= Threshold;
    }
}
