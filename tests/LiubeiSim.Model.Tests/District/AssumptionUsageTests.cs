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

    /// <summary>
    /// Being read is not enough: every numeric assumption, nudged, must move some output (a value at the horizon's end or
    /// a base-year value) of the base-2022 projection or of the 2021 backtest, under the same seed. The projection sets the
    /// levers whose effects run through assumptions (NEV share, outside capital, credit) off their defaults and has a few
    /// synthetic firms, so that those figures matter. One that moves nothing is dead weight, or a bound never reached.
    /// </summary>
    [Fact]
    public void Every_assumption_moves_some_output_when_it_is_nudged()
    {
        var reference = Outputs(BaseYearDataset.Default);
        var inert = new List<string>();
        foreach (var figure in BaseYearDataset.Default.Figures.Where(f => f.Kind == FigureKind.Assumption && f.Value is not null))
        {
            if (BoundsNeverReached.Contains(figure.Id))
            {
                continue;
            }

            // Through the same door a scenario's override takes, derived figures following.
            var nudged = Nudge(figure, BaseYearDataset.Default.OverrideDomain(figure)!);
            var data = BaseYearDataset.Default.WithOverrides(new Dictionary<string, double> { [figure.Id] = nudged }, "the nudge test");
            if (Outputs(data).SequenceEqual(reference))
            {
                inert.Add($"{figure.Id} ({figure.Value} -> {nudged})");
            }
        }

        Assert.True(inert.Count == 0, "Nudged, these assumptions change no output: " + string.Join(", ", inert));
    }

    /// <summary>Bounds that hold the model in range but that the default data never reaches, so nudging them moves nothing.</summary>
    private static readonly HashSet<string> BoundsNeverReached = new(StringComparer.Ordinal)
    {
        // Builds are jittered by 20% around 12 months: neither 3 nor 36 months is ever drawn; the bounds only guard the clamp.
        "model.construction_months_min",
        "model.construction_months_max",
    };

    /// <summary>
    /// 10% more, a whole unit more for whole numbers of 2 or more (months, counts), or a small step off zero; the same
    /// step down when up would leave the figure's domain (a share of 1).
    /// </summary>
    private static double Nudge(Figure figure, UnitDomain domain)
    {
        var v = figure.Value!.Value;
        var whole = v == Math.Floor(v) && Math.Abs(v) >= 2;
        var up = v switch
        {
            0 => figure.Unit == "share" ? 0.01 : 1,
            _ when whole => v + 1,
            _ => v * 1.1,
        };
        return domain.Allows(up) ? up : whole ? v - 1 : v * 0.9;
    }

    private static double[] Outputs(BaseYearDataset data)
    {
        var projection = ScenarioLibrary.Load("baseline-2023").WithReplications(20).WithSyntheticFirms(5);
        projection = projection with
        {
            Levers = new Dictionary<string, double>
            {
                [LeverCatalog.NevTransitionShare] = 60,
                [LeverCatalog.OutsideCapitalGrowth] = 30,
                [LeverCatalog.GuihuidaiVolume] = 80,
            },
        };
        var backtest = ScenarioLibrary.Load("backtest-2022").WithReplications(20);
        return [.. EndOfYear(data, projection), .. EndOfYear(data, backtest)];
    }

    private static double[] EndOfYear(BaseYearDataset data, Scenario scenario)
    {
        var parameters = ModelParameters.Build(data, scenario);
        var simulation = new LiubeiSim.Model.Engine.ShardSimulation(parameters, new Aggregation.ReplicationBlock(0, scenario.Replications));
        var values = Array.Empty<double>();
        for (var m = 0; m < scenario.Months; m++)
        {
            values = simulation.StepMonth().ToArray();
        }

        return [.. values, .. parameters.BaseValues.Select(v => v ?? double.NaN)];
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
