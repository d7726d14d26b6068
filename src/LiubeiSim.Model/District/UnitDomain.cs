using System.Globalization;

namespace LiubeiSim.Model.District;

/// <summary>The values a unit allows (model-assumptions.yaml, <c>units</c>): an assumption and any override of it lie in here.</summary>
/// <param name="Unit">The unit as figures spell it.</param>
/// <param name="Min">Smallest value allowed.</param>
/// <param name="Max">Largest value allowed.</param>
/// <param name="Whole">Whether the value must be a whole number.</param>
/// <param name="Meaning">What the unit measures, for messages.</param>
public sealed record UnitDomain(string Unit, double Min, double Max, bool Whole, string Meaning)
{
    public bool Allows(double value) => double.IsFinite(value) && value >= Min && value <= Max && (!Whole || value == Math.Floor(value));

    /// <summary>The domain in words, e.g. "a whole number from 0 to 120 (months: whole months)".</summary>
    public string Describe() =>
        $"{(Whole ? "a whole number" : "a number")} from {Min.ToString("R", CultureInfo.InvariantCulture)} to {Max.ToString("R", CultureInfo.InvariantCulture)} ({Unit}: {Meaning})";
}
