namespace LiubeiSim.Model.Scenarios;

/// <summary>One thing wrong with a scenario file, located so an editor can jump to it.</summary>
/// <param name="File">The file as the user named it (or a built-in scenario's name); <c>--set KEY=VALUE</c> for a command-line setting.</param>
/// <param name="Line">1-based line; 0 where there is none: a command-line setting, or a scenario argument that names no file.</param>
/// <param name="Column">1-based column.</param>
/// <param name="Path">The field, e.g. <c>levers.sgmw_demand_growth</c>, <c>shocks[1].from</c>; <c>(document)</c> for the whole file.</param>
/// <param name="Message">What is wrong.</param>
/// <param name="Allowed">What would be accepted instead.</param>
public sealed record ScenarioProblem(string File, int Line, int Column, string Path, string Message, string Allowed)
{
    /// <summary>The path used for problems that belong to the whole file rather than one field.</summary>
    public const string DocumentPath = "(document)";

    /// <summary>The compiler-style line <c>FILE:LINE:COL: path: what is wrong; what is allowed</c>.</summary>
    public override string ToString() => Line == 0
        ? $"{File}: {Path}: {Message}; {Allowed}"
        : $"{File}:{Line}:{Column}: {Path}: {Message}; {Allowed}";
}
