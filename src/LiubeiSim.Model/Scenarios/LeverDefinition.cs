namespace LiubeiSim.Model.Scenarios;

/// <summary>A named policy variable a scenario may set, as model-assumptions.yaml declares it.</summary>
/// <param name="Name">Name used in scenario files.</param>
/// <param name="Unit">Unit of the value.</param>
/// <param name="Min">Smallest valid value (inclusive).</param>
/// <param name="Max">Largest valid value (inclusive).</param>
/// <param name="Description">What the lever is.</param>
/// <param name="Moves">What it changes in the model.</param>
public sealed record LeverDefinition(string Name, string Unit, double Min, double Max, string Description, string Moves)
{
    /// <summary>Whether the lever takes whole numbers only (months of delay): a fraction would be rounded silently otherwise.</summary>
    public bool Whole { get; init; }

    /// <summary>The figure that holds the lever's default for a run from <paramref name="baseYear"/>.</summary>
    public string DefaultFigureId(int baseYear) => $"base.{baseYear}.lever.{Name}";
}
