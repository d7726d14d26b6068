namespace LiubeiSim.Model.Scenarios;

/// <summary>Gathers the problems of one file. Capped, so a hostile file cannot make the report itself huge.</summary>
internal sealed class ProblemCollector(string file)
{
    public const int Limit = 200;

    private readonly List<ScenarioProblem> problems = [];
    private int dropped;

    public string File { get; } = file;

    public int Count => problems.Count + dropped;

    public void Add(SourceMark at, string path, string message, string allowed)
    {
        if (problems.Count >= Limit)
        {
            dropped++;
            return;
        }

        var file = at.Setting is { } setting ? $"--set {setting}" : File;
        problems.Add(new ScenarioProblem(file, at.Line, at.Column, path.Length == 0 ? ScenarioProblem.DocumentPath : path, message, allowed));
    }

    /// <summary>The problems in file order (stable for problems at the same position).</summary>
    public IReadOnlyList<ScenarioProblem> ToList()
    {
        var sorted = problems
            .Select((p, i) => (Problem: p, Order: i))
            .OrderBy(x => x.Problem.Line)
            .ThenBy(x => x.Problem.Column)
            .ThenBy(x => x.Order)
            .Select(x => x.Problem)
            .ToList();
        if (dropped > 0)
        {
            var last = sorted[^1];
            sorted.Add(new ScenarioProblem(
                File, last.Line, last.Column, ScenarioProblem.DocumentPath,
                $"{dropped} more problems not shown", $"fix the first {Limit} and validate again"));
        }

        return sorted;
    }
}
