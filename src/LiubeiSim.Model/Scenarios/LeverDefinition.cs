namespace LiubeiSim.Model.Scenarios;

/// <summary>A named policy variable a scenario may set.</summary>
/// <param name="Name">Name used in scenario files.</param>
/// <param name="Unit">Unit of the value.</param>
/// <param name="Min">Smallest valid value (inclusive).</param>
/// <param name="Max">Largest valid value (inclusive).</param>
/// <param name="FigureId">The base-year figure that gives its default (an assumption or reported figure).</param>
/// <param name="Description">What it moves in the model.</param>
public sealed record LeverDefinition(string Name, string Unit, double Min, double Max, string FigureId, string Description);
