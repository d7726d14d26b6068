using System.Globalization;
using LiubeiSim.Grains.Engine;
using LiubeiSim.Host.Identity;
using LiubeiSim.Host.Runs;
using LiubeiSim.Model.District;
using LiubeiSim.Model.Engine;
using LiubeiSim.Model.Indicators;
using LiubeiSim.Model.Scenarios;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.JSInterop;

namespace LiubeiSim.Host.Workbench.Scenarios;

/// <summary>
/// <c>/scenarios/edit</c>: one scenario as YAML text (the single truth) and as controls over it. Opened with
/// <c>?from=NAME</c> (a built-in), <c>?saved=NAME</c> (the person's shelf) or <c>?draft=ID</c> (a hand-off from
/// another page); with none, the baseline.
/// </summary>
public sealed partial class ScenarioEditor
{
    /// <summary>The scenario opened when the address names none: the one every other is read against.</summary>
    public const string DefaultScenario = "baseline-2023";

    /// <summary>How long the text must rest before it is checked: one check per pause, not per key.</summary>
    public static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(300);

    /// <summary>Most assumption rows listed at once; the search narrows the rest.</summary>
    public const int MaxAssumptionRows = 40;

    // The levers of the planners' first question (SGMW demand, project delays) lead the list.
    private static readonly string[] FirstLevers = [LeverCatalog.SgmwDemandGrowth, LeverCatalog.ProjectDelayMonths];

    private static readonly IReadOnlyList<Figure> Overridable = BaseYearDataset.Default.Figures
        .Where(f => f.Kind == FigureKind.Assumption && f.Value is not null && BaseYearDataset.Default.OverrideDomain(f) is not null)
        .OrderBy(f => f.Id, StringComparer.Ordinal)
        .ToList();

    private static readonly System.Text.UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private string _yaml = string.Empty;
    private IReadOnlyList<EditorProblem> _problems = [];
    private CancellationTokenSource? _pending;
    private bool _mayPlan;
    private bool _busy;
    private string? _loadError;
    private string? _actionMessage;
    private bool _actionFailed;
    private string _saveName = string.Empty;
    private string _assumptionQuery = string.Empty;
    private string _origin = string.Empty;
    private string? _basedOn;

    [SupplyParameterFromQuery(Name = "from")]
    public string? From { get; set; }

    [SupplyParameterFromQuery(Name = "saved")]
    public string? Saved { get; set; }

    [SupplyParameterFromQuery(Name = "draft")]
    public string? Draft { get; set; }

    /// <summary>What the controls show; written back to <see cref="_yaml"/> on every change.</summary>
    public EditableScenario Model { get; private set; } = new();

    /// <summary>The text as it stands (for tests and the hand-offs).</summary>
    public string Yaml => _yaml;

    public IReadOnlyList<EditorProblem> Problems => _problems;

    private bool Interactive => RendererInfo.IsInteractive;

    private string OriginText => _origin;

    private static IReadOnlyList<Figure> OverridableFigures => Overridable;

    private IEnumerable<LeverDefinition> OrderedLevers =>
        LeverCatalog.All.OrderBy(l => Array.IndexOf(FirstLevers, l.Name) is var i && i >= 0 ? i : FirstLevers.Length);

    private List<YearMonth> HorizonMonths
    {
        get
        {
            var start = Model.StartMonth;
            var months = Math.Clamp(Model.Months, 1, ScenarioParser.MaxHorizonMonths);
            return Enumerable.Range(0, months).Select(start.AddMonths).ToList();
        }
    }

    private string TimelineColumns => $"grid-template-columns: minmax(8rem, 12rem) repeat({HorizonMonths.Count}, minmax(1.6rem, 1fr))";

    private List<Figure> ShownAssumptions
    {
        get
        {
            var query = _assumptionQuery.Trim();
            var matches = Overridable.Where(f => query.Length == 0 || Matches(f, query));

            // Overridden figures always show first, so what the scenario changes is never hidden by the search.
            return Overridable.Where(f => Model.Assumptions.ContainsKey(f.Id))
                .Concat(matches.Where(f => !Model.Assumptions.ContainsKey(f.Id)).Take(MaxAssumptionRows))
                .ToList();
        }
    }

    protected override async Task OnInitializedAsync()
    {
        _mayPlan = await User.MayPlanAsync();
        var owner = await User.NameAsync();
        string? text = null;
        if (!string.IsNullOrEmpty(Saved))
        {
            text = owner is null ? null : await TryAsync(() => Shelf.GetAsync(owner, Saved));
            _origin = L["FromSaved", Saved];
            _basedOn = Saved;
            _saveName = Saved;
        }
        else if (!string.IsNullOrEmpty(Draft))
        {
            text = owner is null ? null : Drafts.Get(owner, Draft);
            _origin = L["FromDraft"];
        }
        else
        {
            var name = string.IsNullOrEmpty(From) ? DefaultScenario : From;
            text = ScenarioLibrary.TryGetText(name, out var builtIn) ? builtIn : null;
            _origin = L["FromBuiltIn", name];
            _basedOn = text is null ? null : name;
        }

        if (text is null)
        {
            _loadError ??= L["NotFound"];
            ScenarioLibrary.TryGetText(DefaultScenario, out text);
        }

        SetText(text, readIntoModel: true);
    }

    public void Dispose()
    {
        _pending?.Cancel();
        _pending?.Dispose();
    }

    /// <summary>Replaces the text (an import, a load) and checks it at once.</summary>
    public void SetText(string text, bool readIntoModel)
    {
        _yaml = text;
        Validate(readIntoModel);
    }

    private void Validate(bool readIntoModel)
    {
        var (scenario, problems) = ScenarioCheck.Check(_yaml);
        _problems = problems;
        if (!readIntoModel)
        {
            return;
        }

        if (scenario is not null)
        {
            Model = EditableScenario.From(scenario);
        }
        else
        {
            Model.ReadLoosely(_yaml);
        }
    }

    /// <summary>A control changed the model: the model is written back as the text, which is checked.</summary>
    private void Change(Action edit)
    {
        edit();
        _yaml = Model.ToYaml();
        Validate(readIntoModel: false);
    }

    private void OnYamlInput(ChangeEventArgs e)
    {
        _yaml = e.Value as string ?? string.Empty;
        _pending?.Cancel();
        _pending?.Dispose();
        _pending = new CancellationTokenSource();
        var token = _pending.Token;
        _ = CheckLaterAsync(token);
    }

    private async Task CheckLaterAsync(CancellationToken token)
    {
        try
        {
            await Task.Delay(Debounce, token);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        try
        {
            await InvokeAsync(() =>
            {
                if (token.IsCancellationRequested)
                {
                    return;
                }

                Validate(readIntoModel: true);
                StateHasChanged();
            });
        }
        catch (Exception e)
        {
            // Started and not awaited: a fault goes to the circuit's error handling rather than nowhere.
            await DispatchExceptionAsync(e);
        }
    }

    private void SetLever(string name, double value) => Change(() => Model.Levers[name] = value);

    private void SetLeverText(string name, string text)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            SetLever(name, value);
        }
    }

    private void SetAssumption(string id, string text) => Change(() =>
    {
        if (text.Trim().Length == 0)
        {
            Model.Assumptions.Remove(id);
        }
        else if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
        {
            Model.Assumptions[id] = v;
        }
    });

    private void AddShock() => Change(() => Model.Shocks.Add(new EditableShock
    {
        Name = L["NewShock"],
        Variable = ScenarioYaml.ShockVariableName(ShockVariable.Demand),
        Target = DistrictIds.Chains[0],
        From = Model.StartMonth.ToString(),
        Months = Math.Max(1, Model.Months),
        Change = 0,
    }));

    // "Projects late": a delay of every pipeline project (target: the district), over the whole horizon.
    private void AddDelayShock() => Change(() => Model.Shocks.Add(new EditableShock
    {
        Name = L["NewDelayShock"],
        Variable = ScenarioYaml.ShockVariableName(ShockVariable.Delay),
        Target = DistrictIds.District,
        From = Model.StartMonth.ToString(),
        Months = Math.Max(1, Model.Months),
        Change = 0,
    }));

    private void AddTarget() => Change(() => Model.Targets.Add(new EditableTarget
    {
        Name = L["NewTarget"],
        Indicator = IndicatorCatalog.All[0].Id,
        Scope = SeriesKey.DistrictScope,
    }));

    private async Task RunAsync()
    {
        if (!await User.MayPlanAsync())
        {
            Fail(L["MayNotPlan"]);
            return;
        }

        // Read exactly as POST /api/runs reads its body, so the editor cannot start what the API would refuse.
        var (scenario, problems) = ScenarioCheck.AsRunRequest(_yaml);
        if (scenario is null)
        {
            Validate(readIntoModel: false);
            Fail(L["FixFirst", problems.Count]);
            return;
        }

        _busy = true;
        try
        {
            var id = await Runs.SubmitAsync(scenario, 0, IdentityPolicies.NameOf(await User.PrincipalAsync()));
            Navigation.NavigateTo($"/runs/{Uri.EscapeDataString(id)}");
        }
        catch (RunRefusedException e)
        {
            Fail(e.Message);
        }
        catch (SimulationFailedException e)
        {
            Fail(e.Message);
        }
        catch (RunStoreUnavailableException e)
        {
            Fail(e.Message);
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task CompareAsync()
    {
        if (!await User.MayPlanAsync() || await User.NameAsync() is not { } owner)
        {
            Fail(L["MayNotPlan"]);
            return;
        }

        var id = Drafts.Put(owner, _yaml);
        Navigation.NavigateTo($"/compare?draft={Uri.EscapeDataString(id)}");
    }

    private async Task SaveAsync()
    {
        if (!await User.MayPlanAsync() || await User.NameAsync() is not { } owner)
        {
            Fail(L["MayNotPlan"]);
            return;
        }

        _busy = true;
        try
        {
            var save = await Shelf.SaveAsync(owner, _saveName.Trim(), _yaml, _basedOn);
            if (save.Change is not { } change)
            {
                Fail(string.Join(" ", save.Problems.Select(p => $"{p.Path}: {p.Message}; {p.Allowed}")));
            }
            else if (!save.IsSaved)
            {
                Fail(change.Problem ?? L["NotSaved"]);
            }
            else
            {
                _actionFailed = false;
                _actionMessage = L["SavedAs", change.Entry!.Name];
            }
        }
        catch (RunStoreUnavailableException e)
        {
            Fail(e.Message);
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task ExportAsync()
    {
        await using var module = await JS.InvokeAsync<IJSObjectReference>("import", "./scenario-editor.js");
        await module.InvokeVoidAsync("download", $"{(Model.Name.Length > 0 ? Model.Name : "scenario")}.yaml", _yaml);
    }

    private async Task ImportAsync(InputFileChangeEventArgs e)
    {
        try
        {
            // One byte over the parser's limit is enough for it to say the file is too large.
            await using var stream = e.File.OpenReadStream(ScenarioParser.MaxFileBytes + 1);
            using var memory = new MemoryStream();
            await stream.CopyToAsync(memory);
            var bytes = memory.ToArray();
            _origin = L["FromFile", e.File.Name];
            string text;
            try
            {
                text = StrictUtf8.GetString(bytes);
            }
            catch (System.Text.DecoderFallbackException)
            {
                // Not text: the parser's own words for it (the text pane keeps what it had).
                _problems = ScenarioParser.ParseBytes(e.File.Name, bytes).Problems.Select(p => new EditorProblem(p.Line, p.Column, p.Path, p.Message, p.Allowed)).ToList();
                return;
            }

            SetText(text, readIntoModel: true);
        }
        catch (IOException ex)
        {
            Fail(ex.Message);
        }
    }

    private void Fail(string message)
    {
        _actionFailed = true;
        _actionMessage = message;
    }

    private static async Task<T?> TryAsync<T>(Func<Task<T?>> call)
    {
        try
        {
            return await call();
        }
        catch (RunStoreUnavailableException)
        {
            return default;
        }
    }

    /// <summary>The first problem of exactly that field (or of something inside it).</summary>
    private EditorProblem? ProblemAt(string path) =>
        _problems.FirstOrDefault(p => p.Path == path || p.Path.StartsWith(path + ".", StringComparison.Ordinal) || p.Path.StartsWith(path + "[", StringComparison.Ordinal));

    /// <summary>aria-invalid and the message's id on a control whose field has a problem.</summary>
    private Dictionary<string, object> Invalid(string path, string id) => ProblemAt(path) is null
        ? []
        : new Dictionary<string, object> { ["aria-invalid"] = "true", ["aria-describedby"] = id + "-error" };

    private double DefaultOf(LeverDefinition lever) =>
        BaseYearDataset.Default.TryGetFigure(lever.DefaultFigureId(Model.BaseYear), out var f) && f.Value is { } v ? v : 0;

    private static string StepOf(LeverDefinition lever) => (lever.Max - lever.Min) switch
    {
        > 100 => "1",
        > 10 => "0.5",
        _ => "0.1",
    };

    private (int From, int Span) BarOf(EditableShock shock)
    {
        if (!YearMonth.TryParse(shock.From, out var from))
        {
            return (0, 0);
        }

        var months = HorizonMonths;
        var first = from.Index - months[0].Index;
        var last = Math.Min(first + shock.Months, months.Count);
        first = Math.Max(first, 0);
        return last > first ? (first, last - first) : (0, 0);
    }

    private string ShockChangeText(EditableShock shock) =>
        shock.Variable == ScenarioYaml.ShockVariableName(ShockVariable.Delay)
            ? $"+{Inv(shock.Change)} {L["UnitMonths"]}"
            : $"{(shock.Change >= 0 ? "+" : string.Empty)}{Inv(shock.Change)}%";

    /// <summary>The entities a shock of that variable may name, as the parser accepts them, with the one already there.</summary>
    private static IEnumerable<string> ShockTargets(EditableShock shock)
    {
        IReadOnlyList<string> valid = EditableScenario.ParseVariable(shock.Variable) switch
        {
            ShockVariable.Demand => DistrictIds.Chains,
            ShockVariable.Delay => [DistrictIds.District, .. DistrictIds.Projects],
            _ => [DistrictIds.District],
        };
        return valid.Contains(shock.Target) || shock.Target.Length == 0 ? valid : [shock.Target, .. valid];
    }

    private static IEnumerable<string> Scopes(EditableTarget target)
    {
        IndicatorCatalog.TryGet(target.Indicator, out var indicator);
        var kinds = indicator?.Scopes ?? ScopeKinds.District;
        List<string> scopes = [SeriesKey.DistrictScope];
        if ((kinds & ScopeKinds.Chain) != 0)
        {
            scopes.AddRange(DistrictIds.Chains);
        }

        if ((kinds & ScopeKinds.Town) != 0)
        {
            scopes.AddRange(DistrictIds.Towns);
        }

        return scopes.Contains(target.Scope) ? scopes : [target.Scope, .. scopes];
    }

    private static string EntityText(string id) => DistrictNames.Of(id, CultureInfo.CurrentUICulture);

    private static bool Matches(Figure figure, string query)
    {
        if (figure.Id.Contains(query, StringComparison.OrdinalIgnoreCase) || figure.Name.Contains(query, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return BaseYearDataset.Default.TryGetEntity(figure.Entity, out var entity) &&
            (entity.Name.Contains(query, StringComparison.OrdinalIgnoreCase) || entity.NameZh.Contains(query, StringComparison.Ordinal));
    }

    private static string Inv(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Inv(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Str(ChangeEventArgs e) => e.Value as string ?? string.Empty;

    private static int Int(ChangeEventArgs e, int fallback) =>
        int.TryParse(Str(e), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) ? v : fallback;

    private static double Dbl(ChangeEventArgs e, double fallback) =>
        double.TryParse(Str(e), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : fallback;
}
