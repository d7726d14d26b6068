namespace LiubeiSim.Model.District;

/// <summary>An entity of the district as the report names it.</summary>
/// <param name="Id">Stable id in snake_case, e.g. <c>auto_parts_machinery</c>; used as grain key part and in scenario files.</param>
/// <param name="Code">The seed reading's code (D, I1..I5, P1..P14, T1..T6), or null for entities the model adds (e.g. <c>other_industry</c>).</param>
/// <param name="Kind">District, chain, project or town.</param>
/// <param name="Name">English name.</param>
/// <param name="NameZh">Chinese name as the report writes it.</param>
/// <param name="Chain">For projects: the chain it belongs to, if the report (or a named assumption) says; else null.</param>
/// <param name="Town">For projects: the town or street where it is, if known; else null.</param>
/// <param name="Role">For projects: industry, innovation, urban or education.</param>
public sealed record Entity(
    string Id,
    string? Code,
    EntityKind Kind,
    string Name,
    string NameZh,
    string? Chain = null,
    string? Town = null,
    string? Role = null);
