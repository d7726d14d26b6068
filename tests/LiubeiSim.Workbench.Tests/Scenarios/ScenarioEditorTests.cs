using System.Globalization;
using Bunit;
using LiubeiSim.Grains.Keys;
using LiubeiSim.Grains.Shelf;
using LiubeiSim.Host.Runs;
using LiubeiSim.Host.Scenarios;
using LiubeiSim.Host.Workbench;
using LiubeiSim.Host.Workbench.Scenarios;
using LiubeiSim.Model.Scenarios;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Radzen;

namespace LiubeiSim.Workbench.Tests.Scenarios;

/// <summary>The scenario editor as a component (bUnit): controls and YAML text kept in step, the validator's own words.</summary>
public sealed class ScenarioEditorTests : IDisposable
{
    private const string Lever = LeverCatalog.SgmwDemandGrowth;

    private readonly BunitContext _context = new();
    private readonly CultureInfo _culture = CultureInfo.CurrentUICulture;

    public ScenarioEditorTests()
    {
        CultureInfo.CurrentUICulture = new CultureInfo("en");
        _context.JSInterop.Mode = JSRuntimeMode.Loose;
        _context.Services.AddLocalization();
        _context.Services.AddRadzenComponents();
        _context.Services.AddSingleton(TimeProvider.System);
        _context.Services.AddSingleton<ScenarioDrafts>();
        _context.Services.AddScoped<WorkbenchUser>();

        // Never called by these tests: nothing here runs, saves or lists.
        _context.Services.AddSingleton(new RunStore(null!));
        _context.Services.AddSingleton(new ScenarioShelf(null!, Options.Create(new ScenarioShelfOptions())));
    }

    public void Dispose()
    {
        CultureInfo.CurrentUICulture = _culture;
        _context.Dispose();
    }

    [Fact]
    public void A_lever_change_rewrites_the_YAML()
    {
        var editor = Open(ApiKeyRole.Planner);
        Assert.DoesNotContain(Lever, editor.Instance.Yaml, StringComparison.Ordinal);

        editor.Find($"#lever-{Lever}").Change("20");

        Assert.Contains($"{Lever}: 20", editor.Find("#scenario-yaml").GetAttribute("value"), StringComparison.Ordinal);
        Assert.Equal(20, ScenarioParser.ParseText("t", editor.Instance.Yaml).Scenario!.Levers[Lever]);
        Assert.Equal("true", editor.Find("#scenario-status").GetAttribute("data-valid"));
        Assert.Empty(editor.FindAll("#scenario-problems li"));
    }

    [Fact]
    public void An_out_of_range_lever_shows_exactly_the_validator_s_message_beside_it_and_in_the_list()
    {
        var editor = Open(ApiKeyRole.Planner);
        var tooHigh = LeverCatalog.Get(Lever).Max + 1;
        var typed = tooHigh.ToString(CultureInfo.InvariantCulture);

        editor.Find($"#lever-{Lever}").Change(typed);

        // What `liubeisim validate baseline-2023 --set levers.X=VALUE` says of the same value.
        var cli = Assert.Single(ScenarioLibrary.Resolve("baseline-2023", [$"levers.{Lever}={typed}"]).Problems);
        var item = Assert.Single(editor.FindAll("#scenario-problems li"));
        Assert.Equal($"levers.{Lever}", item.GetAttribute("data-path"));
        Assert.Equal(cli.Message, item.QuerySelector(".se-message")!.TextContent);
        Assert.Equal(cli.Allowed, item.QuerySelector(".se-allowed")!.TextContent);

        // Located in the text: the line the lever is on.
        var line = editor.Instance.Yaml.Split('\n').ToList().FindIndex(l => l.Contains($"{Lever}:", StringComparison.Ordinal)) + 1;
        Assert.Equal(line.ToString(CultureInfo.InvariantCulture), item.GetAttribute("data-line"));

        var input = editor.Find($"#lever-{Lever}");
        Assert.Equal("true", input.GetAttribute("aria-invalid"));
        Assert.Equal($"lever-{Lever}-error", input.GetAttribute("aria-describedby"));
        Assert.Equal($"{cli.Message}; {cli.Allowed}", editor.Find($"#lever-{Lever}-error").TextContent);
        Assert.Equal("false", editor.Find("#scenario-status").GetAttribute("data-valid"));

        // Fixed, the message and the mark go.
        editor.Find($"#lever-{Lever}").Change("20");
        Assert.Empty(editor.FindAll("#scenario-problems li"));
        Assert.Empty(editor.FindAll($"#lever-{Lever}-error"));
        Assert.Null(editor.Find($"#lever-{Lever}").GetAttribute("aria-invalid"));
    }

    [Fact]
    public void A_YAML_edit_updates_the_controls_after_a_pause()
    {
        var editor = Open(ApiKeyRole.Planner);
        var yaml = editor.Instance.Yaml.Replace("seed: 20230101", $"seed: 7\nlevers:\n  {Lever}: 35\n  {LeverCatalog.ProjectDelayMonths}: 6", StringComparison.Ordinal);

        editor.Find("#scenario-yaml").Input(yaml);

        editor.WaitForAssertion(() => Assert.Equal("35", editor.Find($"#lever-{Lever}").GetAttribute("value")), TimeSpan.FromSeconds(10));
        Assert.Equal("6", editor.Find($"#lever-{LeverCatalog.ProjectDelayMonths}").GetAttribute("value"));
        Assert.Equal("7", editor.Find("#seed").GetAttribute("value"));

        // Text that does not validate still moves the controls it can, and lists the parser's problem.
        editor.Find("#scenario-yaml").Input(yaml.Replace($"{Lever}: 35", $"{Lever}: 900", StringComparison.Ordinal));
        editor.WaitForAssertion(() => Assert.Equal("900", editor.Find($"#lever-{Lever}").GetAttribute("value")), TimeSpan.FromSeconds(10));
        Assert.Equal($"levers.{Lever}", Assert.Single(editor.FindAll("#scenario-problems li")).GetAttribute("data-path"));
    }

    [Fact]
    public void Targets_are_added_edited_and_removed_in_the_YAML()
    {
        var editor = Open(ApiKeyRole.Planner);
        var before = editor.Instance.Model.Targets.Count;
        Assert.Contains("Industrial revival", editor.Instance.Yaml, StringComparison.Ordinal);

        editor.Find("#add-target").Click();
        Assert.Equal(before + 1, editor.FindAll("#target-table tbody tr").Count);
        editor.Find($"#target-{before}-name").Change("Jobs kept");
        editor.Find($"#target-{before}-threshold").Change("1234");
        var added = ScenarioParser.ParseText("t", editor.Instance.Yaml).Scenario!.Targets[^1];
        Assert.Equal("Jobs kept", added.Name);
        Assert.Equal(1234, added.Threshold);

        editor.Find("#target-0-remove").Click();
        Assert.Equal(before, editor.FindAll("#target-table tbody tr").Count);
        Assert.DoesNotContain("Industrial revival", editor.Instance.Yaml, StringComparison.Ordinal);
        Assert.Equal(before, ScenarioParser.ParseText("t", editor.Instance.Yaml).Scenario!.Targets.Count);
    }

    [Fact]
    public void A_project_delay_shock_is_a_bar_on_the_timeline()
    {
        var editor = Open(ApiKeyRole.Planner);

        editor.Find("#add-delay-shock").Click();
        editor.Find("#shock-0-change").Change("6");
        editor.Find("#shock-0-from").Change("2023-04");
        editor.Find("#shock-0-months").Change("3");

        var shock = Assert.Single(ScenarioParser.ParseText("t", editor.Instance.Yaml).Scenario!.Shocks);
        Assert.Equal((ShockVariable.Delay, 6.0, new YearMonth(2023, 4), 3), (shock.Variable, shock.Change, shock.From, shock.Months));
        var bar = editor.Find("#shock-0-bar");
        Assert.Contains("grid-column: 5 / span 3", bar.GetAttribute("style"), StringComparison.Ordinal);

        editor.Find("#shock-0-remove").Click();
        Assert.Empty(ScenarioParser.ParseText("t", editor.Instance.Yaml).Scenario!.Shocks);
    }

    [Fact]
    public void A_viewer_sees_no_run_compare_or_save()
    {
        var editor = Open(ApiKeyRole.Viewer);

        Assert.Empty(editor.FindAll("#run-scenario"));
        Assert.Empty(editor.FindAll("#compare-scenario"));
        Assert.Empty(editor.FindAll("#save-scenario"));
        Assert.NotEmpty(editor.FindAll("#export-yaml"));
    }

    [Fact]
    public void A_planner_sees_run_and_compare()
    {
        var editor = Open(ApiKeyRole.Planner);

        Assert.NotEmpty(editor.FindAll("#run-scenario"));
        Assert.NotEmpty(editor.FindAll("#compare-scenario"));
        Assert.NotEmpty(editor.FindAll("#save-scenario"));
    }

    [Fact]
    public void A_built_in_named_in_the_address_is_the_one_opened()
    {
        var editor = Open(ApiKeyRole.Planner, "/scenarios/edit?from=project-delays");

        Assert.Equal(6, editor.Instance.Model.Levers[LeverCatalog.ProjectDelayMonths]);
        Assert.Equal(2, editor.FindAll(".se-tl-bar").Count);
    }

    private IRenderedComponent<ScenarioEditor> Open(ApiKeyRole role, string address = "/scenarios/edit?from=baseline-2023")
    {
        var auth = _context.AddAuthorization();
        auth.SetAuthorized("tester");
        auth.SetRoles(ApiKeyNames.Of(role));
        _context.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        _context.Services.GetRequiredService<NavigationManager>().NavigateTo(address);

        return _context.Render<ScenarioEditor>();
    }
}
