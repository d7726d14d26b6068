using LiubeiSim.Model.District;
using LiubeiSim.Model.Parameters;
using LiubeiSim.Model.Scenarios;

namespace LiubeiSim.Model.Tests.District;

/// <summary>
/// Every declared assumption is used and every used number is declared: the figures the model reads, with the figures
/// their formulas reach, cover every assumption; and every figure it reads exists, with a number or a text as read.
/// </summary>
public sealed class AssumptionUsageTests
{
    [Fact]
    public void Every_assumption_is_read_by_the_model_directly_or_through_a_formula()
    {
        var unread = Unread(BaseYearDataset.Default, ReadByEveryBuiltIn(BaseYearDataset.Default));
        Assert.True(unread.Count == 0, "Declared but never read: " + string.Join(", ", unread));
    }

    [Fact]
    public void Every_figure_the_model_reads_is_declared()
    {
        var data = BaseYearDataset.Default;
        var read = ReadByEveryBuiltIn(data);
        Assert.All(read, id => Assert.True(data.TryGetFigure(id, out var figure) && (figure.Value is not null || figure.Text is not null), id));
        Assert.Contains("model.replacement_hiring_rate", read);
    }

    [Fact]
    public void An_assumption_nobody_reads_is_caught()
    {
        const string extra = """
            figures:
              - {id: model.forgotten_elasticity, entity: liubei, name: An elasticity no equation uses, value: 0.3, unit: ratio, kind: assumption, source: "Reasoned: a test of the test."}
            """;
        var data = BaseYearDataset.Load(
        [
            (BaseYearDatasetLoader.BaseYearResource, BaseYearDatasetLoader.ReadResource(BaseYearDatasetLoader.BaseYearResource)),
            (BaseYearDatasetLoader.AssumptionsResource, BaseYearDatasetLoader.ReadResource(BaseYearDatasetLoader.AssumptionsResource)),
            ("extra.yaml", extra),
        ]);

        Assert.Equal(["model.forgotten_elasticity"], Unread(data, ReadByEveryBuiltIn(data)));
    }

    [Fact]
    public void Reading_a_figure_that_is_not_declared_fails_with_its_id()
    {
        var reader = new FigureReader(BaseYearDataset.Default);
        var error = Assert.Throws<InvalidOperationException>(() => reader.Number("model.no_such_figure"));
        Assert.Contains("model.no_such_figure", error.Message, StringComparison.Ordinal);
        Assert.Null(reader.OptionalNumber("base.2021.projects_introduced"));
        Assert.Empty(reader.Read);
    }

    /// <summary>Builds every built-in scenario (both base years), once with synthetic firms, and collects the ids read.</summary>
    private static HashSet<string> ReadByEveryBuiltIn(BaseYearDataset data)
    {
        var read = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in ScenarioLibrary.Names)
        {
            var scenario = ScenarioLibrary.Load(name).WithReplications(1);
            read.UnionWith(ModelParameters.Build(data, scenario).FiguresRead);
            read.UnionWith(ModelParameters.Build(data, scenario.WithSyntheticFirms(3)).FiguresRead);
        }

        return read;
    }

    /// <summary>Assumptions neither read nor reached through the formulas of the derived figures that were read.</summary>
    private static List<string> Unread(BaseYearDataset data, HashSet<string> read)
    {
        var reached = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>(read);
        while (pending.TryPop(out var id))
        {
            if (!reached.Add(id) || !data.TryGetFigure(id, out var figure) || figure.Kind != FigureKind.Derived)
            {
                continue;
            }

            foreach (var reference in FormulaEvaluator.References(figure.Source))
            {
                pending.Push(reference);
            }
        }

        return [.. data.Figures.Where(f => f.Kind == FigureKind.Assumption && !reached.Contains(f.Id)).Select(f => f.Id)];
    }
}
