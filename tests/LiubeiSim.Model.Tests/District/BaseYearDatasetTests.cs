using LiubeiSim.Model.District;

namespace LiubeiSim.Model.Tests.District;

public sealed class BaseYearDatasetTests
{
    private static readonly BaseYearDataset Data = BaseYearDataset.Default;

    public static TheoryData<string> SeedCodes()
    {
        var codes = new TheoryData<string>();
        foreach (var code in Enumerable.Range(1, 20).Select(i => $"D{i}")
            .Concat(Enumerable.Range(1, 5).Select(i => $"I{i}"))
            .Concat(Enumerable.Range(1, 14).Select(i => $"P{i}"))
            .Concat(Enumerable.Range(1, 6).Select(i => $"T{i}")))
        {
            codes.Add(code);
        }

        return codes;
    }

    [Theory]
    [MemberData(nameof(SeedCodes))]
    public void Every_seed_code_has_a_figure(string code)
    {
        Assert.Contains(Data.Figures, f => f.Id == code || f.Id.StartsWith(code + ".", StringComparison.Ordinal));
    }

    [Fact]
    public void Project_totals_are_reported()
    {
        Assert.Equal(16, Data.Number("projects.started"));
        Assert.Equal(12, Data.Number("projects.continuing"));
        Assert.Equal(10, Data.Number("projects.completed"));
        Assert.Equal(56, Data.Number("D5"));
        Assert.Equal(47, Data.Number("D5.industrial"));
    }

    [Fact]
    public void Every_entity_of_DistrictIds_exists_with_both_names()
    {
        string[] ids = [DistrictIds.District, .. DistrictIds.Chains, .. DistrictIds.Projects, .. DistrictIds.Towns];
        foreach (var id in ids)
        {
            Assert.True(Data.TryGetEntity(id, out var entity), $"missing entity {id}");
            Assert.False(string.IsNullOrWhiteSpace(entity.Name), id);
            Assert.False(string.IsNullOrWhiteSpace(entity.NameZh), id);
        }

        Assert.Equal(ids.Length, Data.Entities.Count);
    }

    [Fact]
    public void Entities_of_each_kind_come_in_DistrictIds_order_with_seed_codes()
    {
        Assert.Equal(DistrictIds.Chains, Data.OfKind(EntityKind.Chain).Select(e => e.Id));
        Assert.Equal(DistrictIds.Projects, Data.OfKind(EntityKind.Project).Select(e => e.Id));
        Assert.Equal(DistrictIds.Towns, Data.OfKind(EntityKind.Town).Select(e => e.Id));
        Assert.Equal(DistrictIds.District, Assert.Single(Data.OfKind(EntityKind.District)).Id);

        Assert.Equal(["I1", "I2", "I3", "I4", "I5", null], Data.OfKind(EntityKind.Chain).Select(e => e.Code));
        Assert.Equal(Enumerable.Range(1, 14).Select(i => $"P{i}"), Data.OfKind(EntityKind.Project).Select(e => e.Code));
        Assert.Equal(Enumerable.Range(1, 6).Select(i => $"T{i}"), Data.OfKind(EntityKind.Town).Select(e => e.Code));
        Assert.Equal("其他工业", Data.GetEntity("other_industry").NameZh);
    }

    [Fact]
    public void Projects_carry_the_seed_reading_of_chain_and_town()
    {
        Assert.Null(Data.GetEntity("boqiang_phase2").Chain);
        Assert.Null(Data.GetEntity("bailu_industrial_park").Chain);
        Assert.Equal("prefab_construction", Data.GetEntity("haoshan_wall_materials").Chain);
        Assert.Equal("modern_garment", Data.GetEntity("garment_park_phase3").Chain);
        Assert.Equal("modern_garment", Data.GetEntity("guizhuo_sporting_goods").Chain);
        Assert.Equal("metal_processing_recycling", Data.GetEntity("longchang_vehicle_recycling").Chain);
        Assert.Equal("metal_processing_recycling", Data.GetEntity("metal_recycling_park").Chain);
        Assert.Equal("bailu", Data.GetEntity("bailu_renewal").Town);
        Assert.Equal("bailu", Data.GetEntity("bailu_industrial_park").Town);
        Assert.Equal("baisha_machang", Data.GetEntity("baisha_renewal").Town);
        Assert.Equal("baisha_machang", Data.GetEntity("machang_renewal").Town);
        Assert.All(Data.OfKind(EntityKind.Project), p => Assert.Contains(p.Role, BaseYearDatasetLoader.ProjectRoles));
    }

    [Fact]
    public void Every_figure_refers_to_a_known_entity_and_has_unit_and_source()
    {
        Assert.All(Data.Figures, f =>
        {
            Assert.True(Data.TryGetEntity(f.Entity, out _), f.Id);
            Assert.False(string.IsNullOrWhiteSpace(f.Name), f.Id);
            Assert.False(string.IsNullOrWhiteSpace(f.Unit), f.Id);
            Assert.False(string.IsNullOrWhiteSpace(f.Source), f.Id);
        });
        Assert.Equal(Data.Figures.Count, Data.Figures.Select(f => f.Id).Distinct().Count());
    }

    [Fact]
    public void Reported_figures_quote_the_report_verbatim_and_carry_a_value_or_a_text()
    {
        var reported = Data.Figures.Where(f => f.Kind == FigureKind.Reported).ToList();
        Assert.NotEmpty(reported);
        Assert.All(reported, f =>
        {
            Assert.Contains(f.Source, BaseYearDataset.ReportText, StringComparison.Ordinal);
            Assert.True(f.Value is null != f.Text is null, $"{f.Id}: exactly one of value and text");
        });
    }

    [Fact]
    public void Not_stated_figures_have_no_value_and_quote_the_gap()
    {
        var notStated = Data.Figures.Where(f => f.Kind == FigureKind.NotStated).ToList();
        foreach (var id in new[] { "D7", "D13", "D14.amount", "D15.amount", "P10.flats_delivered", "D20.year" })
        {
            Assert.Contains(notStated, f => f.Id == id);
        }

        Assert.All(notStated, f =>
        {
            Assert.Null(f.Value);
            Assert.Null(f.Text);
            // Convention of the data file: the quoted clause, then " — " and what was lost.
            var separator = f.Source.IndexOf(" — ", StringComparison.Ordinal);
            Assert.True(separator > 0, $"{f.Id}: source should be '<quote> — <what was lost>'");
            Assert.Contains(f.Source[..separator], BaseYearDataset.ReportText, StringComparison.Ordinal);
            Assert.Contains("lost", f.Source[separator..], StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Derived_figures_equal_their_formula()
    {
        var derived = Data.Figures.Where(f => f.Kind == FigureKind.Derived).ToList();
        Assert.NotEmpty(derived);
        Assert.All(derived, f =>
        {
            Assert.Null(f.Text);
            var expected = FormulaEvaluator.Evaluate(f.Source, Data.Number);
            Assert.Equal(expected, Assert.NotNull(f.Value));
            Assert.NotEmpty(FormulaEvaluator.References(f.Source));
        });
    }

    [Fact]
    public void Assumptions_name_their_reason_and_have_a_value_or_text()
    {
        Assert.All(Data.Figures.Where(f => f.Kind == FigureKind.Assumption), f =>
        {
            Assert.False(string.IsNullOrWhiteSpace(f.Source), f.Id);
            Assert.True(f.Value is not null || f.Text is not null, f.Id);
        });
    }

    [Fact]
    public void The_base_year_file_holds_no_assumption()
    {
        var baseYearOnly = BaseYearDataset.Load([(BaseYearDatasetLoader.BaseYearResource, BaseYearDatasetLoader.ReadResource(BaseYearDatasetLoader.BaseYearResource))]);
        Assert.DoesNotContain(baseYearOnly.Figures, f => f.Kind == FigureKind.Assumption);
        // File order: the base year first, the assumptions after it.
        Assert.Equal(baseYearOnly.Figures.Select(f => f.Id), Data.Figures.Take(baseYearOnly.Figures.Count).Select(f => f.Id));
    }

    [Fact]
    public void D8_growth_recomputed_is_about_36_6_percent_and_agrees_with_the_rounded_36()
    {
        var computed = Data.Number("D8.growth_computed");
        Assert.Equal(36.6, computed, 0.01);
        Assert.Equal(Data.Number("D8.growth"), Math.Floor(computed));
        Assert.Equal(1.79, Data.Number("D8.increase"), 1e-9);
        Assert.Equal(47.0 / 56.0 * 100.0, Data.Number("D5.industrial_share"), 1e-9);
    }

    [Fact]
    public void Key_reported_values_are_as_the_report_gives_them()
    {
        var d4 = Data.GetFigure("D4");
        Assert.Equal(98.9, d4.Value);
        Assert.Equal("亿元", d4.Unit);
        Assert.Equal(FigureKind.Reported, d4.Kind);
        Assert.Equal("全年完成区外境内到位资金98.9亿元", d4.Source);
        Assert.Equal(0.2, Data.Number("D1"));
        Assert.Equal(0.25, Data.Number("D2"));
        Assert.Equal(10700, Data.Number("D17"));
        Assert.Equal(93.6, Data.Number("D16"));
        Assert.Equal(10, Data.Number("P8.firms"));
        Assert.Equal(7, Data.Number("P13.schools"));
        Assert.Equal("monthly", Data.GetFigure("D3").Text);
        Assert.Equal("started", Data.GetFigure("P1.stage").Text);
    }

    [Fact]
    public void Number_refuses_missing_textual_and_not_stated_figures_by_id()
    {
        Assert.Contains("D7", Assert.Throws<InvalidOperationException>(() => Data.Number("D7")).Message, StringComparison.Ordinal);
        Assert.Contains("not stated", Assert.Throws<InvalidOperationException>(() => Data.Number("D7")).Message, StringComparison.Ordinal);
        Assert.Contains("D3", Assert.Throws<InvalidOperationException>(() => Data.Number("D3")).Message, StringComparison.Ordinal);
        Assert.Contains("no.such", Assert.Throws<InvalidOperationException>(() => Data.Number("no.such")).Message, StringComparison.Ordinal);
        Assert.Throws<KeyNotFoundException>(() => Data.GetFigure("no.such"));
        Assert.Throws<KeyNotFoundException>(() => Data.GetEntity("no_such"));
        Assert.False(Data.TryGetFigure("no.such", out _));
    }

    [Fact]
    public void Default_is_loaded_once_and_shared_across_threads()
    {
        var seen = new BaseYearDataset[8];
        Parallel.For(0, seen.Length, i => seen[i] = BaseYearDataset.Default);
        Assert.All(seen, d => Assert.Same(Data, d));
    }

    [Fact]
    public void Report_info_names_the_Chinese_title_and_publication()
    {
        Assert.Equal("踔厉奋发克难攻坚持续打造“四个柳北”", Data.Report.TitleZh);
        Assert.Contains(Data.Report.TitleZh, BaseYearDataset.ReportText, StringComparison.Ordinal);
        Assert.Contains("柳州日报", Data.Report.Publication, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(Data.Report.Title));
        Assert.False(string.IsNullOrWhiteSpace(Data.Report.Date));
    }
}
