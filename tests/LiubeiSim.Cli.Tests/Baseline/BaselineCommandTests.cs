using System.Text.Json;
using LiubeiSim.Cli.Tests.Scenarios;
using LiubeiSim.Model.District;
using Spectre.Console;

namespace LiubeiSim.Cli.Tests.Baseline;

public sealed class BaselineCommandTests
{
    private static Task<(int Exit, string Out, string Err)> Run(params string[] args) => CliRun.RunAsync(args);

    private static async Task<JsonElement> RunJson(params string[] args)
    {
        var (exit, output, err) = await Run(["baseline", "--json", .. args]);
        Assert.True(exit == 0, err);
        Assert.Equal(string.Empty, err);
        using var document = JsonDocument.Parse(output);
        return document.RootElement.Clone();
    }

    [Fact]
    public async Task Json_has_report_entities_and_figures_with_the_documented_fields()
    {
        var root = await RunJson();

        var report = root.GetProperty("report");
        Assert.Equal("踔厉奋发克难攻坚持续打造“四个柳北”", report.GetProperty("titleZh").GetString());
        foreach (var field in new[] { "title", "publication", "date" })
        {
            Assert.False(string.IsNullOrWhiteSpace(report.GetProperty(field).GetString()), field);
        }

        var entities = root.GetProperty("entities").EnumerateArray().ToList();
        Assert.Equal(BaseYearDataset.Default.Entities.Count, entities.Count);
        foreach (var entity in entities)
        {
            foreach (var field in new[] { "id", "code", "kind", "name", "nameZh", "chain", "town", "role" })
            {
                Assert.True(entity.TryGetProperty(field, out _), $"entity field {field}");
            }

            Assert.Contains(entity.GetProperty("kind").GetString(), EntityKindNames.All);
        }

        var haoshan = entities.Single(e => e.GetProperty("id").GetString() == "haoshan_wall_materials");
        Assert.Equal("P2", haoshan.GetProperty("code").GetString());
        Assert.Equal("prefab_construction", haoshan.GetProperty("chain").GetString());
        Assert.Equal(JsonValueKind.Null, haoshan.GetProperty("town").ValueKind);

        var figures = root.GetProperty("figures").EnumerateArray().ToList();
        Assert.Equal(BaseYearDataset.Default.Figures.Count, figures.Count);
        foreach (var figure in figures)
        {
            foreach (var field in new[] { "id", "entity", "name", "value", "unit", "kind", "source" })
            {
                Assert.True(figure.TryGetProperty(field, out _), $"figure field {field}");
            }

            Assert.Contains(figure.GetProperty("kind").GetString(), FigureKindNames.All);
        }
    }

    [Fact]
    public async Task Json_D4_is_98_9_reported_with_its_Chinese_sentence()
    {
        var root = await RunJson();
        var d4 = root.GetProperty("figures").EnumerateArray().Single(f => f.GetProperty("id").GetString() == "D4");
        Assert.Equal(98.9, d4.GetProperty("value").GetDouble());
        Assert.Equal("亿元", d4.GetProperty("unit").GetString());
        Assert.Equal("reported", d4.GetProperty("kind").GetString());
        Assert.Equal("全年完成区外境内到位资金98.9亿元", d4.GetProperty("source").GetString());
        Assert.Equal("liubei", d4.GetProperty("entity").GetString());
    }

    [Fact]
    public async Task Json_values_are_numbers_texts_or_null_by_kind()
    {
        var figures = (await RunJson()).GetProperty("figures").EnumerateArray()
            .ToDictionary(f => f.GetProperty("id").GetString()!, f => f);
        Assert.Equal("monthly", figures["D3"].GetProperty("value").GetString());
        Assert.Equal(JsonValueKind.Null, figures["D7"].GetProperty("value").ValueKind);
        Assert.Equal("not-stated", figures["D7"].GetProperty("kind").GetString());
        Assert.Equal(36.6, figures["D8.growth_computed"].GetProperty("value").GetDouble(), 0.01);
        Assert.Equal("derived", figures["D8.growth_computed"].GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Json_keeps_Chinese_readable()
    {
        var (_, output, _) = await Run("baseline", "--json");
        Assert.Contains("柳北区", output, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u67F3", output, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("reported")]
    [InlineData("derived")]
    [InlineData("not-stated")]
    [InlineData("assumption")]
    public async Task Kind_filters_the_json_figures(string kind)
    {
        var figures = (await RunJson("--kind", kind)).GetProperty("figures").EnumerateArray().ToList();
        Assert.All(figures, f => Assert.Equal(kind, f.GetProperty("kind").GetString()));
        FigureKindNames.TryParse(kind, out var parsed);
        Assert.Equal(BaseYearDataset.Default.Figures.Count(f => f.Kind == parsed), figures.Count);
    }

    [Fact]
    public async Task An_unknown_kind_is_refused()
    {
        var (exit, _, err) = await Run("baseline", "--kind", "guessed");
        Assert.NotEqual(0, exit);
        Assert.Contains("guessed", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Table_view_has_the_legend_four_sections_and_a_not_stated_row()
    {
        var (exit, output, err) = await Run("baseline");
        Assert.True(exit == 0, err);
        foreach (var title in new[] { "District", "Industry chains", "Projects", "Towns" })
        {
            Assert.Contains(title, output, StringComparison.Ordinal);
        }

        foreach (var kind in FigureKindNames.Declarable)
        {
            Assert.Contains(kind, output, StringComparison.Ordinal);
        }

        Assert.Contains("柳北区", output, StringComparison.Ordinal);
        Assert.Contains("98.9 亿元", output, StringComparison.Ordinal);
        Assert.Contains("not stated", output, StringComparison.Ordinal);
        Assert.Contains("P10.flats_delivered", output, StringComparison.Ordinal);
        Assert.Contains("博强科技二期", output, StringComparison.Ordinal);
        Assert.DoesNotContain("…", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task On_an_80_column_terminal_every_figure_is_listed_whole_within_the_width()
    {
        var (exit, output, err) = await CliRun.RunAtWidthAsync(80, "baseline");
        Assert.True(exit == 0, err);

        var lines = output.Split('\n');
        var widest = lines.MaxBy(line => line.GetCellWidth())!;
        Assert.True(widest.GetCellWidth() <= 80, $"a line is {widest.GetCellWidth()} columns wide: {widest}");

        // Every figure's id, and each field on a line of its own (in a squeezed table they broke mid-word).
        foreach (var figure in BaseYearDataset.Default.Figures)
        {
            Assert.Contains(lines, line => line.StartsWith($"{figure.Id}  {figure.Kind.ToName()}", StringComparison.Ordinal));
        }

        Assert.Contains(lines, line => line.Trim() == "全年完成区外境内到位资金98.9亿元");
        Assert.Contains(lines, line => line.Contains("98.9 亿元", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.Trim() == "博强科技二期 (P1) Boqiang Technology, phase II");

        // The wide view is still the table.
        var (_, wide, _) = await CliRun.RunAsync("baseline");
        Assert.Contains(wide.Split('\n'), line => line.StartsWith("│ D4 ", StringComparison.Ordinal));
        Assert.DoesNotContain(wide.Split('\n'), line => line.StartsWith("D4  reported", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_scenarios_overrides_show_as_overridden_with_what_they_replaced()
    {
        var (exit, output, _) = await Run("baseline", "--json", "--kind", "overridden", "--set", "assumptions.chain.auto_parts_machinery.jobs_per_output=55");

        Assert.Equal(0, exit);
        using var json = System.Text.Json.JsonDocument.Parse(output);
        var figure = Assert.Single(json.RootElement.GetProperty("figures").EnumerateArray());
        Assert.Equal("chain.auto_parts_machinery.jobs_per_output", figure.GetProperty("id").GetString());
        Assert.Equal("overridden", figure.GetProperty("kind").GetString());
        Assert.Equal(55, figure.GetProperty("value").GetDouble());
        Assert.Contains("instead of 60", figure.GetProperty("source").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_override_is_a_problem_and_nothing_is_shown()
    {
        var (exit, output, error) = await Run("baseline", "--set", "assumptions.D2=0.3");

        Assert.Equal(1, exit);
        Assert.Empty(output);
        Assert.Contains("--set assumptions.D2=0.3: assumptions.D2: D2 cannot be overridden: it is reported", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Table_view_filtered_by_kind_shows_only_that_kind()
    {
        var (exit, output, _) = await Run("baseline", "--kind", "not-stated");
        Assert.Equal(0, exit);
        Assert.Contains("D13", output, StringComparison.Ordinal);
        Assert.DoesNotContain("98.9 亿元", output, StringComparison.Ordinal);
        Assert.Contains("No not-stated figures in this section.", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_describes_each_kind()
    {
        var (_, output, _) = await Run("baseline", "--help");
        Assert.Contains("--json", output, StringComparison.Ordinal);
        Assert.Contains("--kind", output, StringComparison.Ordinal);
        Assert.Contains("verbatim", output, StringComparison.Ordinal);
        Assert.Contains("formula", output, StringComparison.Ordinal);
        Assert.Contains("lost", output, StringComparison.Ordinal);
        Assert.Contains("outside publication", output, StringComparison.Ordinal);
    }
}
