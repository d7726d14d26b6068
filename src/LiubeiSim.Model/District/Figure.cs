namespace LiubeiSim.Model.District;

/// <summary>One number (or stated fact) of the base year, with its provenance.</summary>
/// <param name="Id">Unique id: the seed reading's code for report figures (D8), or a dotted name for the model's own (chain.auto_parts_machinery.output_share).</param>
/// <param name="Entity">Id of the entity it describes.</param>
/// <param name="Name">What it is, in English.</param>
/// <param name="Value">A number, or null when the figure is textual or not stated.</param>
/// <param name="Text">The value when it is not a number (a stage, a cadence), else null.</param>
/// <param name="Unit">Unit (亿元, people, %, count, share, ...).</param>
/// <param name="Kind">Reported, derived, assumption or not stated.</param>
/// <param name="Source">Reported: the report's sentence verbatim. Derived: the formula. Assumption: the reason or outside source. Not stated: what was lost.</param>
public sealed record Figure(
    string Id,
    string Entity,
    string Name,
    double? Value,
    string? Text,
    string Unit,
    FigureKind Kind,
    string Source);
