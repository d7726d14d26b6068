using System.Globalization;
using System.Text.Json;
using LiubeiSim.Cli.Hosting;
using LiubeiSim.Cli.Tests.Scenarios;
using LiubeiSim.Model.District;
using LiubeiSim.Model.Scenarios;

namespace LiubeiSim.Cli.Tests.Levers;

public sealed class LeversCommandTests
{
    private static readonly string[] JsonFields = ["name", "description", "unit", "min", "max", "default", "defaultFigure", "kind", "source", "moves"];

    private static async Task<List<JsonElement>> RunJson(params string[] args)
    {
        var (exit, stdout, stderr) = await CliRun.RunAsync(["levers", "--json", .. args]);
        Assert.True(exit == 0, stderr);
        Assert.Empty(stderr);
        using var document = JsonDocument.Parse(stdout);
        Assert.Equal(JsonValueKind.Array, document.RootElement.ValueKind);
        return [.. document.RootElement.EnumerateArray().Select(e => e.Clone())];
    }

    /// <summary>The table's cells for one lever's row: name, range (first line), default.</summary>
    private static string[] RowCells(string table, string lever)
    {
        var row = table.Split('\n').Single(l => l.StartsWith($"│ {lever} ", StringComparison.Ordinal));
        return [.. row.Split('│').Select(c => c.Trim())];
    }

    [Theory]
    [InlineData(2022)]
    [InlineData(2021)]
    public async Task Json_lists_every_lever_with_its_default_from_the_dataset(int year)
    {
        var levers = await RunJson("--base", year.ToString(CultureInfo.InvariantCulture));

        Assert.Equal(LeverCatalog.All.Select(l => l.Name), levers.Select(l => l.GetProperty("name").GetString()));
        foreach (var (lever, json) in LeverCatalog.All.Zip(levers))
        {
            Assert.Equal(JsonFields, json.EnumerateObject().Select(p => p.Name));
            foreach (var number in new[] { "min", "max", "default" })
            {
                Assert.Equal(JsonValueKind.Number, json.GetProperty(number).ValueKind);
            }

            var figureId = $"base.{year}.lever.{lever.Name}";
            var figure = BaseYearDataset.Default.GetFigure(figureId);
            Assert.Equal(BaseYearDataset.Default.Number(figureId), json.GetProperty("default").GetDouble());
            Assert.Equal(figureId, json.GetProperty("defaultFigure").GetString());
            Assert.Equal(figure.Kind.ToName(), json.GetProperty("kind").GetString());
            Assert.Equal(figure.Source, json.GetProperty("source").GetString());
            Assert.Equal(lever.Unit, json.GetProperty("unit").GetString());
            Assert.Equal(lever.Min, json.GetProperty("min").GetDouble());
            Assert.Equal(lever.Max, json.GetProperty("max").GetDouble());
            Assert.Equal(lever.Description, json.GetProperty("description").GetString());
            Assert.Equal(lever.Moves, json.GetProperty("moves").GetString());
        }
    }

    [Fact]
    public async Task Json_defaults_to_base_2022_and_base_2021_gives_the_backtest_defaults()
    {
        var byDefault = (await RunJson()).ToDictionary(l => l.GetProperty("name").GetString()!);
        var backtest = (await RunJson("--base", "2021")).ToDictionary(l => l.GetProperty("name").GetString()!);

        Assert.Equal(5, byDefault[LeverCatalog.SgmwDemandGrowth].GetProperty("default").GetDouble());
        Assert.Equal("base.2022.lever.sgmw_demand_growth", byDefault[LeverCatalog.SgmwDemandGrowth].GetProperty("defaultFigure").GetString());
        // The backtest's levers are what is known of 2022: industry's -10.2% and the report's 56 projects, derived.
        Assert.Equal(-10.2, backtest[LeverCatalog.SgmwDemandGrowth].GetProperty("default").GetDouble(), 1e-9);
        Assert.Equal("derived", backtest[LeverCatalog.SgmwDemandGrowth].GetProperty("kind").GetString());
        Assert.Equal(56, backtest[LeverCatalog.NewProjectsPerYear].GetProperty("default").GetDouble());
        Assert.Equal(
            BaseYearDataset.Default.Number("base.2021.lever.rnd_programme_growth"),
            backtest[LeverCatalog.RndProgrammeGrowth].GetProperty("default").GetDouble());
    }

    [Fact]
    public async Task Json_keeps_Chinese_readable()
    {
        var (_, stdout, _) = await CliRun.RunAsync("levers", "--json");
        Assert.Contains("上汽通用五菱", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u4E0A", stdout, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData(2022)]
    [InlineData(2021)]
    public async Task Table_lists_every_lever_with_range_and_default_from_the_dataset(int year)
    {
        var (exit, stdout, stderr) = await CliRun.RunAsync("levers", "--base", year.ToString(CultureInfo.InvariantCulture));
        Assert.True(exit == 0, stderr);
        Assert.Empty(stderr);
        Assert.Contains($"defaults for base {year}", stdout, StringComparison.Ordinal);

        foreach (var lever in LeverCatalog.All)
        {
            var cells = RowCells(stdout, lever.Name);
            var expected = BaseYearDataset.Default.Number($"base.{year}.lever.{lever.Name}");
            Assert.Equal(string.Create(CultureInfo.InvariantCulture, $"{lever.Min}..{lever.Max}"), cells[2]);
            Assert.Equal(expected.ToString("#,0.####", CultureInfo.InvariantCulture), cells[3]);
            Assert.Contains(lever.Unit, stdout, StringComparison.Ordinal);
        }

        Assert.Contains("Moves:", stdout, StringComparison.Ordinal);
        Assert.Contains("Default: assumption.", stdout, StringComparison.Ordinal);
        Assert.Contains("Default: derived.", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Table_fits_a_100_column_terminal_without_breaking_lever_names()
    {
        var (exit, text, _) = await CliRun.RunAtWidthAsync(100, "levers");
        Assert.Equal(0, exit);

        Assert.All(text.Split(Environment.NewLine), line => Assert.True(line.Length <= 100, line));
        // Whole names, so a user can copy one into a scenario; the prose beside them wraps instead.
        Assert.All(LeverCatalog.All, lever => Assert.Equal(lever.Name, RowCells(text, lever.Name)[1]));
        Assert.DoesNotContain("…", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task On_an_80_column_terminal_each_lever_is_a_block_with_every_word_whole()
    {
        var (exit, text, stderr) = await CliRun.RunAtWidthAsync(80, "levers");
        Assert.True(exit == 0, stderr);
        var lines = text.Split('\n').Select(l => l.TrimEnd('\r', ' ')).ToList();
        Assert.All(lines, line => Assert.True(RootHelp.Cells(line) <= 80, line));
        Assert.DoesNotContain(lines, l => l.Contains('│'));
        var joined = string.Join(' ', lines.Select(l => l.Trim()));
        foreach (var lever in LeverCatalog.All)
        {
            var value = BaseYearDataset.Default.Number($"base.2022.lever.{lever.Name}");
            Assert.Contains(lines, l => l.StartsWith($"{lever.Name}  default {value.ToString("#,0.####", CultureInfo.InvariantCulture)} {lever.Unit} for 2022, range ", StringComparison.Ordinal));
            Assert.Contains(lever.Description, joined, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("2020")]
    [InlineData("2023")]
    [InlineData("latest")]
    [InlineData("22")]
    public async Task An_unknown_base_year_names_the_years_allowed_and_exits_1(string year)
    {
        var (exit, stdout, stderr) = await CliRun.RunAsync("levers", "--base", year);
        Assert.Equal(1, exit);
        Assert.Empty(stdout);
        Assert.Contains($"Unknown base year '{year}'", stderr, StringComparison.Ordinal);
        Assert.All(BaseYearDataset.Default.BaseYears, b => Assert.Contains(b.Year.ToString(CultureInfo.InvariantCulture), stderr, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Help_teaches_with_examples()
    {
        var (exit, stdout, _) = await CliRun.RunAsync("levers", "--help");
        Assert.Equal(0, exit);
        Assert.Contains("--base", stdout, StringComparison.Ordinal);
        Assert.Contains("--json", stdout, StringComparison.Ordinal);
        Assert.Contains("Examples:", stdout, StringComparison.Ordinal);
        Assert.Contains("liubeisim levers --base 2021", stdout, StringComparison.Ordinal);
        Assert.Contains("scenarios show baseline-2023 > my.yaml", stdout, StringComparison.Ordinal);
        Assert.All(BaseYearDataset.Default.BaseYears, b => Assert.Contains(b.Name, stdout, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_root_help_points_to_levers()
    {
        var (_, stdout, _) = await CliRun.RunAsync("--help");
        Assert.Contains("liubeisim levers", stdout, StringComparison.Ordinal);
    }
}
