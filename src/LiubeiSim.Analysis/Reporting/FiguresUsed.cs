using System.Globalization;
using System.Text.RegularExpressions;
using LiubeiSim.Model.District;
using LiubeiSim.Model.Parameters;
using LiubeiSim.Model.Scenarios;

namespace LiubeiSim.Analysis.Reporting;

/// <summary>
/// The base-year figures a run used, in dataset order: those the model read, found by building the run's parameters
/// again, and those their formulas are computed from, down to the reported sentences.
/// </summary>
internal static partial class FiguresUsed
{
    /// <param name="Via">Empty when the model read the figure itself; else the derived figures whose formulas use it.</param>
    public sealed record Use(Figure Figure, IReadOnlyList<string> Via);

    public sealed record Result(IReadOnlyList<Use> Figures, string? Note);

    public static Result For(RunSummary summary)
    {
        var data = BaseYearDataset.Default;

        // Which figures a build reads depends on the base year and horizon, not on the shocks or the targets, which
        // summary.json does not hold in full: the scenario rebuilt from it reads the same ids as the run did.
        var seed = ulong.TryParse(summary.Seed, NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : 0UL;
        var levers = summary.LeversSet.ToDictionary(l => l.Key, l => l.Value, StringComparer.Ordinal);
        var overrides = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var (id, text) in summary.Assumptions ?? [])
        {
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                overrides[id] = value;
            }
        }

        var scenario = new Scenario(summary.Scenario, summary.Description ?? string.Empty, summary.BaseYear, summary.Start, summary.Months, 1, seed, levers, [], []) { Assumptions = overrides };
        IReadOnlySet<string> read;
        try
        {
            // With the run's overrides applied, so a figure derived from an overridden assumption shows the value the run used.
            data = ModelParameters.WithScenarioOverrides(data, scenario);
            read = ModelParameters.Build(data, scenario).FiguresRead;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            // A run this tool cannot rebuild (another base year, a lever it does not know) still gets its report.
            return new Result(
                [.. data.Figures.Select(f => new Use(f, []))],
                $"This tool cannot rebuild the run's parameters ({e.Message}), so every figure of the dataset is listed, not only those the run used.");
        }

        // Follow derived figures' formulas ({id} references) so a number the model reads leads back to its sources.
        var via = read.ToDictionary(id => id, _ => new List<string>(), StringComparer.Ordinal);
        var pending = new Queue<string>(read.Order(StringComparer.Ordinal));
        while (pending.TryDequeue(out var id))
        {
            if (!data.TryGetFigure(id, out var figure) || figure.Kind != FigureKind.Derived)
            {
                continue;
            }

            foreach (Match m in Reference().Matches(figure.Source))
            {
                var used = m.Groups[1].Value.Trim();
                if (!via.TryGetValue(used, out var users))
                {
                    via[used] = users = [];
                    pending.Enqueue(used);
                }

                if (!read.Contains(used) && !users.Contains(id, StringComparer.Ordinal))
                {
                    users.Add(id);
                }
            }
        }

        return new Result([.. data.Figures.Where(f => via.ContainsKey(f.Id)).Select(f => new Use(f, via[f.Id].Order(StringComparer.Ordinal).ToArray()))], null);
    }

    /// <summary>A formula's reference to another figure, as FormulaEvaluator reads it: an id in braces.</summary>
    [GeneratedRegex(@"\{([^{}]*)\}")]
    private static partial Regex Reference();
}
