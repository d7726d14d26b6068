using System.Globalization;
using System.Text.RegularExpressions;
using LiubeiSim.Model.District;
using LiubeiSim.Model.Engine;
using LiubeiSim.Model.Indicators;

namespace LiubeiSim.Model.Scenarios;

/// <summary>
/// Checks a YAML tree against the scenario schema and builds the <see cref="Scenario"/>.
/// Every field is checked even after a problem, so one run reports everything that is wrong.
/// </summary>
internal sealed partial class ScenarioReader(ProblemCollector problems, bool complete)
{
    public const int MaxShocks = 100;
    public const int MaxTargets = 100;

    private const string NameAllowed = "a name like sgmw-125-boost: lower-case letters, digits and '-', starting with a letter or digit, at most 64 characters";
    /// <summary>The base years the dataset declares, as the message for a bad <c>base</c> lists them.</summary>
    private static readonly string BaseAllowed = string.Join(" or ", BaseYearDataset.Default.BaseYears.Select(b => $"{b.Year} ({b.Name})"));
    private const string MonthAllowed = "a month written YYYY-MM, e.g. 2023-01";

    private static readonly string[] RootFields = ["name", "description", "base", "horizon", "replications", "seed", "levers", "assumptions", "shocks", "targets", "synthetic_firms"];
    private static readonly string[] HorizonFields = ["start", "months"];
    private static readonly string[] ShockFields = ["name", "target", "variable", "from", "months", "change"];
    private static readonly string[] TargetFields = ["name", "indicator", "scope", "direction", "threshold", "measure"];
    private static readonly string[] ShockVariables = ["demand", "delay", "outside_capital", "credit"];
    private static readonly string[] Directions = ["at-least", "at-most"];
    private static readonly string[] Measures = ["level", "growth"];
    private static readonly string[] DistrictScopeNames = [SeriesKey.DistrictScope, DistrictIds.District];

    private static readonly IReadOnlyList<string> AllEntities =
        [DistrictIds.District, .. DistrictIds.Chains, .. DistrictIds.Towns, .. DistrictIds.Projects];

    /// <summary>Set when a required value is missing or wrong; problems alone are not enough because the tree stage may have dropped a node.</summary>
    private bool failed;

    public Scenario? Read(YamlTreeNode root, string commentBlock)
    {
        if (root.IsRejected)
        {
            return null;
        }

        if (root is not YamlTreeMapping map)
        {
            problems.Add(root.Start, string.Empty, $"the top level is {root.Describe()}, not a mapping of fields",
                "'key: value' lines with the fields " + ProblemText.List(RootFields));
            return null;
        }

        CheckFields(map, RootFields, "a scenario");

        var name = ReadName(map);
        var description = Optional(map, "description") is { } d ? Text(d, "text saying what the scenario asks") : null;
        var baseYear = Required(map, "base", BaseAllowed) is { } b ? BaseYear(b) : null;
        var (start, months) = ReadHorizon(map, baseYear);
        var replications = Optional(map, "replications") is { } r
            ? Whole(r, 1, 1_000_000, "a whole number of Monte Carlo replications from 1 to 1000000")
            : ScenarioParser.DefaultReplications;
        var seed = Optional(map, "seed") is { } s ? Seed(s) : ScenarioParser.DefaultSeed;
        var levers = ReadLevers(map);
        var assumptions = ReadAssumptions(map);
        var shocks = ReadShocks(map, start, months);
        var targets = ReadTargets(map);

        // A benchmark and what-if option: firms generated from the seed, whose own shocks move their chains' demand.
        var firms = Optional(map, "synthetic_firms") is { } f
            ? Whole(f, 0, 100_000, "a whole number of synthetic firms from 0 (none, the default) to 100000")
            : 0;

        if (failed || problems.Count > 0 || name is null || baseYear is null || start is null || months is null ||
            replications is null || seed is null || firms is null)
        {
            return null;
        }

        var scenario = new Scenario(
            name,
            (description ?? commentBlock).Trim(),
            baseYear.Value,
            start.Value,
            months.Value,
            replications.Value,
            seed.Value,
            levers,
            shocks,
            targets)
        {
            SyntheticFirms = firms.Value,
            Assumptions = assumptions,
        };
        return CheckModelAccepts(map, scenario);
    }

    /// <summary>
    /// Overrides that each lie in their domain can still contradict one another or the rest of the data (shares no
    /// longer adding up, a build ending before it starts). The model's own checks say so; their message becomes a
    /// problem of the <c>assumptions</c> block, so such a scenario never reaches an engine.
    /// </summary>
    private Scenario? CheckModelAccepts(YamlTreeMapping root, Scenario scenario)
    {
        var growth = scenario.Targets.Any(t => t.Measure == TargetMeasure.Growth);
        if (scenario.Assumptions.Count == 0 && !growth && scenario.SyntheticFirms == 0)
        {
            return scenario;
        }

        Parameters.ModelParameters parameters;
        try
        {
            parameters = Parameters.ModelParameters.BuildControl(BaseYearDataset.Default, scenario);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            var node = root.Get("assumptions") ?? root;
            return FailRef<Scenario>(node, $"the model cannot run with these overrides: {e.Message}", "overrides that keep the data consistent; `liubeisim baseline --scenario FILE` shows every figure with the overrides applied");
        }

        // A growth target needs a base-year value to grow from; the report lost some, and base 2021 has fewer.
        var items = (root.Get("targets") as YamlTreeSequence)?.Items;
        var refused = false;
        for (var i = 0; i < scenario.Targets.Count; i++)
        {
            var target = scenario.Targets[i];
            if (target.Measure != TargetMeasure.Growth || BaseValues.IsKnown(parameters.BaseValues, target.Indicator, target.Scope))
            {
                continue;
            }

            var node = items is not null && i < items.Count ? (items[i] as YamlTreeMapping)?.Get("measure") ?? items[i] : root;
            Fail<int>(node, $"a growth target needs a base-year {scenario.BaseYear} value of {target.Indicator} ({target.Scope}), which is not stated", $"measure: level, with a threshold in {IndicatorCatalog.Get(target.Indicator).Unit}");
            refused = true;
        }

        return refused ? null : scenario;
    }

    private SortedDictionary<string, double> ReadAssumptions(YamlTreeMapping root)
    {
        var overrides = new SortedDictionary<string, double>(StringComparer.Ordinal);
        const string allowedBlock = "a mapping of assumption figure id: number, e.g. chain.auto_parts_machinery.jobs_per_output: 55 (`liubeisim baseline --kind assumption` lists them)";
        if (Optional(root, "assumptions") is not { } node)
        {
            return overrides;
        }

        if (node is not YamlTreeMapping map)
        {
            Fail<int>(node, $"expected a mapping of figure id: value, found {node.Describe()}", allowedBlock);
            return overrides;
        }

        var data = BaseYearDataset.Default;
        foreach (var (key, value) in map.Entries)
        {
            if (!data.TryGetFigure(key.Value, out var figure))
            {
                var ids = data.Figures.Where(f => f.Kind == FigureKind.Assumption && f.Value is not null).Select(f => f.Id);
                Fail<int>(key, $"unknown figure {ProblemText.Quote(key.Value)}{NameSuggester.HintDotted(key.Value, ids)}", allowedBlock);
                continue;
            }

            if (NotOverridable(figure) is { } why)
            {
                Fail<int>(key, $"{figure.Id} cannot be overridden: {why}", "an assumption figure id (`liubeisim baseline --kind assumption` lists them)");
                continue;
            }

            var domain = data.OverrideDomain(figure)!;
            var allowed = $"{domain.Describe()}; the shipped value is {Format(figure.Value!.Value)} ({figure.Name})";
            if (Number(value, double.MinValue, double.MaxValue, allowed) is not { } number)
            {
                continue;
            }

            if (!domain.Allows(number))
            {
                Fail<int>(value, domain.Whole && number >= domain.Min && number <= domain.Max ? $"{Format(number)} is not a whole number" : $"{Format(number)} is out of range", allowed);
                continue;
            }

            overrides[figure.Id] = number;
        }

        return overrides;
    }

    /// <summary>A derived figure's refusal, naming the assumptions it is computed from (directly or through other derived figures), if any.</summary>
    private static string DerivedFrom(Figure figure)
    {
        var data = BaseYearDataset.Default;
        var assumptions = new SortedSet<string>(StringComparer.Ordinal);
        var pending = new Queue<string>(FormulaEvaluator.References(figure.Source));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (pending.TryDequeue(out var id) && seen.Count < 1000)
        {
            if (!seen.Add(id) || !data.TryGetFigure(id, out var input))
            {
                continue;
            }

            if (input.Kind == FigureKind.Assumption && input.Value is not null)
            {
                assumptions.Add(id);
            }
            else if (input.Kind == FigureKind.Derived)
            {
                foreach (var next in FormulaEvaluator.References(input.Source))
                {
                    pending.Enqueue(next);
                }
            }
        }

        return assumptions.Count > 0
            ? $"it is derived ({figure.Source}); override the assumptions it is computed from instead: {ProblemText.List(assumptions)}"
            : $"it is derived ({figure.Source}) from reported figures only, so nothing in it can be overridden";
    }

    /// <summary>Why a figure is not an assumption a scenario may replace, or null when it is one.</summary>
    private static string? NotOverridable(Figure figure) => figure.Kind switch
    {
        FigureKind.Reported => "it is reported (quoted from the report), a fact rather than an assumption",
        FigureKind.Derived => DerivedFrom(figure),
        FigureKind.NotStated => "it is not stated (the report lost the number) and the model does not use it",
        FigureKind.Assumption when figure.Value is null => $"it is a text ({ProblemText.Quote(figure.Text ?? string.Empty)}), not a number",
        FigureKind.Assumption => null,
        _ => "it is not an assumption",
    };

    private string? ReadName(YamlTreeMapping map)
    {
        if (Required(map, "name", NameAllowed) is not { } node || Text(node, NameAllowed) is not { } name)
        {
            return null;
        }

        if (!NamePattern().IsMatch(name))
        {
            return FailRef<string>(node, $"{ProblemText.Quote(name)} is not a valid scenario name", NameAllowed);
        }

        return name;
    }

    private int? BaseYear(YamlTreeNode node) =>
        Whole(node, int.MinValue, int.MaxValue, BaseAllowed) is { } year
            ? BaseYearDataset.Default.BaseYears.Any(b => b.Year == year) ? year : Fail<int>(node, $"base year {year} is not supported", BaseAllowed)
            : null;

    private (YearMonth? Start, int? Months) ReadHorizon(YamlTreeMapping root, int? baseYear)
    {
        var allowed = $"a mapping with start (YYYY-MM) and months (1 to {ScenarioParser.MaxHorizonMonths})";
        if (Required(root, "horizon", allowed) is not { } node)
        {
            return (null, null);
        }

        if (node is not YamlTreeMapping map)
        {
            return (Fail<YearMonth>(node, $"expected a mapping, found {node.Describe()}", allowed), null);
        }

        CheckFields(map, HorizonFields, "horizon");
        // The model steps on from where the base year ends, so a run starts in the January after it; a later year is
        // reached with a longer horizon (a flow's value at a month is its last 12 months), never by skipping months.
        var startAllowed = baseYear is { } y
            ? $"{y + 1}-01 (YYYY-MM), the month after base {y} ends; to look at a later year, keep this start and raise months (up to {ScenarioParser.MaxHorizonMonths}): flows are reported over the last 12 months"
            : MonthAllowed;
        var start = Required(map, "start", startAllowed) is { } s ? Month(s, startAllowed) : null;
        if (start is { } st && baseYear is { } by && st != new YearMonth(by + 1, 1))
        {
            start = Fail<YearMonth>(map.Get("start")!, $"{st} does not follow base {by}: the model starts from the end of the base year", startAllowed);
        }

        var months = Optional(map, "months") is { } m
            ? Whole(m, 1, ScenarioParser.MaxHorizonMonths, $"a whole number of months from 1 to {ScenarioParser.MaxHorizonMonths}")
            : ScenarioParser.DefaultMonths;
        return (start, months);
    }

    private Dictionary<string, double> ReadLevers(YamlTreeMapping root)
    {
        var levers = new Dictionary<string, double>(StringComparer.Ordinal);
        var allNames = LeverCatalog.All.Select(l => l.Name).ToList();
        var allowedNames = "levers: " + ProblemText.List(allNames);
        if (Optional(root, "levers") is not { } node)
        {
            return levers;
        }

        if (node is not YamlTreeMapping map)
        {
            Fail<int>(node, $"expected a mapping of lever: value, found {node.Describe()}", allowedNames);
            return levers;
        }

        foreach (var (key, value) in map.Entries)
        {
            if (!LeverCatalog.TryGet(key.Value, out var lever))
            {
                Fail<int>(key, $"unknown lever {ProblemText.Quote(key.Value)}{NameSuggester.Hint(key.Value, allNames)}", allowedNames);
                continue;
            }

            var allowed = $"{(lever.Whole ? "a whole number" : "a number")} from {Format(lever.Min)} to {Format(lever.Max)} ({lever.Unit}): {lever.Description}";
            if (Number(value, lever.Min, lever.Max, allowed) is not { } number)
            {
                continue;
            }

            if (lever.Whole && number != Math.Floor(number))
            {
                Fail<int>(value, $"{Format(number)} is not a whole number", allowed);
                continue;
            }

            levers[key.Value] = number;
        }

        return levers;
    }

    private List<Shock> ReadShocks(YamlTreeMapping root, YearMonth? start, int? months)
    {
        const string allowed = "a list of shocks, each a mapping with target, variable, from, months, change and an optional name";
        var shocks = new List<Shock>();
        if (ReadList(root, "shocks", allowed, MaxShocks) is not { } list)
        {
            return shocks;
        }

        foreach (var item in list.Items)
        {
            if (item.IsRejected)
            {
                failed = true;
                continue;
            }

            if (item is not YamlTreeMapping map)
            {
                Fail<int>(item, $"expected a shock mapping, found {item.Describe()}", allowed);
                continue;
            }

            if (ReadShock(map, start, months) is { } shock)
            {
                shocks.Add(shock);
            }
        }

        return shocks;
    }

    private Shock? ReadShock(YamlTreeMapping map, YearMonth? horizonStart, int? horizonMonths)
    {
        CheckFields(map, ShockFields, "a shock");
        var name = Optional(map, "name") is { } n ? Text(n, "a label for reports") : null;
        var variableText = Required(map, "variable", "one of " + ProblemText.List(ShockVariables)) is { } v ? Choice(v, ShockVariables, "shock variable") : null;
        ShockVariable? variable = variableText switch
        {
            "demand" => ShockVariable.Demand,
            "delay" => ShockVariable.Delay,
            "outside_capital" => ShockVariable.OutsideCapital,
            "credit" => ShockVariable.Credit,
            _ => null,
        };
        var targetAllowed = ShockTargetsAllowed(variable);
        var target = Required(map, "target", targetAllowed) is { } t ? ShockTarget(t, variable, variableText) : null;
        var from = Required(map, "from", MonthAllowed) is { } f ? Month(f, MonthAllowed) : null;
        var months = Required(map, "months", $"a whole number of months from 1 to {ScenarioParser.MaxHorizonMonths}") is { } m ? Whole(m, 1, ScenarioParser.MaxHorizonMonths, $"a whole number of months from 1 to {ScenarioParser.MaxHorizonMonths}") : null;
        double? change = null;
        if (Required(map, "change", ChangeAllowed(variable)) is { } c)
        {
            change = variable switch
            {
                ShockVariable.Delay => Whole(c, 0, 36, ChangeAllowed(variable)),
                null => Number(c, double.MinValue, double.MaxValue, ChangeAllowed(variable)),
                _ => Number(c, -100, 500, ChangeAllowed(variable)),
            };
        }

        if (from is { } fm && months is { } mm && horizonStart is { } hs && horizonMonths is { } hm &&
            (fm.Index > hs.Index + hm - 1 || fm.Index + mm - 1 < hs.Index))
        {
            var horizon = $"{hs}..{hs.AddMonths(hm - 1)}";
            from = Fail<YearMonth>(map.Get("from")!, $"the shock runs {fm}..{fm.AddMonths(mm - 1)}, entirely outside the horizon {horizon}", $"a shock that overlaps the horizon {horizon}");
        }

        if (variable is null || target is null || from is null || months is null || change is null)
        {
            return null;
        }

        return new Shock(name ?? $"{variableText} on {target}", target, variable.Value, from.Value, months.Value, change.Value);
    }

    private string? ShockTarget(YamlTreeNode node, ShockVariable? variable, string? variableText)
    {
        var allowed = ShockTargetsAllowed(variable);
        if (Text(node, allowed) is not { } target)
        {
            return null;
        }

        IReadOnlyList<string> valid = variable switch
        {
            ShockVariable.Demand => DistrictIds.Chains,
            ShockVariable.Delay => [DistrictIds.District, .. DistrictIds.Projects],
            ShockVariable.OutsideCapital or ShockVariable.Credit => [DistrictIds.District],
            _ => AllEntities,
        };
        if (valid.Contains(target, StringComparer.Ordinal))
        {
            return target;
        }

        if (EntityKind(target) is { } kind)
        {
            return FailRef<string>(node, $"a {variableText} shock cannot target the {kind} {ProblemText.Quote(target)}", allowed);
        }

        return FailRef<string>(node, $"unknown entity {ProblemText.Quote(target)}{NameSuggester.Hint(target, valid)}", allowed);
    }

    private static string ShockTargetsAllowed(ShockVariable? variable) => variable switch
    {
        ShockVariable.Demand => "a demand shock targets a chain: " + ProblemText.List(DistrictIds.Chains),
        ShockVariable.Delay => $"a delay shock targets a project ({ProblemText.List(DistrictIds.Projects)}) or {DistrictIds.District} for every project",
        ShockVariable.OutsideCapital => $"an outside_capital shock targets the district: {DistrictIds.District}",
        ShockVariable.Credit => $"a credit shock targets the district: {DistrictIds.District}",
        _ => $"a chain for demand, a project or {DistrictIds.District} for delay, {DistrictIds.District} for outside_capital and credit",
    };

    private static string ChangeAllowed(ShockVariable? variable) => variable switch
    {
        ShockVariable.Delay => "months of delay, a whole number from 0 to 36",
        null => "a number: percent change for demand, outside_capital, credit; months for delay",
        _ => "a percent change from -100 to 500",
    };

    private List<Target> ReadTargets(YamlTreeMapping root)
    {
        const string allowed = "a list of targets, each a mapping with indicator, direction, threshold and optional name, scope, measure";
        var targets = new List<Target>();
        if (ReadList(root, "targets", allowed, MaxTargets) is not { } list)
        {
            return targets;
        }

        foreach (var item in list.Items)
        {
            if (item.IsRejected)
            {
                failed = true;
                continue;
            }

            if (item is not YamlTreeMapping map)
            {
                Fail<int>(item, $"expected a target mapping, found {item.Describe()}", allowed);
                continue;
            }

            if (ReadTarget(map) is { } target)
            {
                targets.Add(target);
            }
        }

        return targets;
    }

    private Target? ReadTarget(YamlTreeMapping map)
    {
        CheckFields(map, TargetFields, "a target");
        var indicatorIds = IndicatorCatalog.All.Select(i => i.Id).ToList();
        var name = Optional(map, "name") is { } n ? Text(n, "a label for reports") : null;
        var indicatorId = Required(map, "indicator", "one of " + ProblemText.List(indicatorIds)) is { } i ? Choice(i, indicatorIds, "indicator") : null;
        IndicatorCatalog.TryGet(indicatorId ?? string.Empty, out var indicator);
        var scope = ReadScope(map, indicator);
        var direction = Required(map, "direction", "at-least or at-most") is { } d ? Choice(d, Directions, "direction") : null;
        var measureText = Optional(map, "measure") is { } m ? Choice(m, Measures, "measure") : "level";
        var measure = measureText == "growth" ? TargetMeasure.Growth : TargetMeasure.Level;
        double? threshold = null;
        if (measureText is not null)
        {
            var (min, max, allowed) = ThresholdRange(indicator, measure);
            threshold = Required(map, "threshold", allowed) is { } t ? Number(t, min, max, allowed) : null;
        }

        if (indicator is null || scope is null || direction is null || measureText is null || threshold is null)
        {
            return null;
        }

        var sign = direction == "at-least" ? ">=" : "<=";
        var where = scope == SeriesKey.DistrictScope ? string.Empty : $" in {scope}";
        var label = measure == TargetMeasure.Growth
            ? $"{indicator.Id}{where} growth {sign} {Format(threshold.Value)}%"
            : $"{indicator.Id}{where} {sign} {Format(threshold.Value)}";
        return new Target(
            name ?? label,
            indicator.Id,
            scope,
            direction == "at-least" ? TargetDirection.AtLeast : TargetDirection.AtMost,
            threshold.Value,
            measure);
    }

    /// <summary>The target's scope as the engine's series name it: <c>district</c> (also written <c>liubei</c>), a chain id or a town id.</summary>
    private string? ReadScope(YamlTreeMapping map, IndicatorDefinition? indicator)
    {
        var allowed = ScopesAllowed(indicator);
        if (Optional(map, "scope") is not { } node)
        {
            return SeriesKey.DistrictScope;
        }

        if (Text(node, allowed) is not { } text)
        {
            return null;
        }

        ScopeKinds kind;
        if (DistrictScopeNames.Contains(text, StringComparer.Ordinal))
        {
            kind = ScopeKinds.District;
            text = SeriesKey.DistrictScope;
        }
        else if (DistrictIds.Chains.Contains(text, StringComparer.Ordinal))
        {
            kind = ScopeKinds.Chain;
        }
        else if (DistrictIds.Towns.Contains(text, StringComparer.Ordinal))
        {
            kind = ScopeKinds.Town;
        }
        else
        {
            var valid = new List<string>(DistrictScopeNames);
            valid.AddRange(DistrictIds.Chains);
            valid.AddRange(DistrictIds.Towns);
            var what = EntityKind(text) is { } k ? $"the {k} {ProblemText.Quote(text)} is not a scope" : $"unknown scope {ProblemText.Quote(text)}{NameSuggester.Hint(text, valid)}";
            return FailRef<string>(node, what, allowed);
        }

        if (indicator is not null && (indicator.Scopes & kind) == 0)
        {
            var kindName = kind switch { ScopeKinds.Chain => "chain", ScopeKinds.Town => "town", _ => "district" };
            return FailRef<string>(node, $"{indicator.Id} has no {kindName} scope, so it cannot be measured for {ProblemText.Quote(text)}", allowed);
        }

        return text;
    }

    private static string ScopesAllowed(IndicatorDefinition? indicator)
    {
        var scopes = indicator?.Scopes ?? (ScopeKinds.District | ScopeKinds.Chain | ScopeKinds.Town);
        var parts = new List<string> { "district (the default)" };
        if ((scopes & ScopeKinds.Chain) != 0)
        {
            parts.Add("a chain: " + ProblemText.List(DistrictIds.Chains));
        }

        if ((scopes & ScopeKinds.Town) != 0)
        {
            parts.Add("a town: " + ProblemText.List(DistrictIds.Towns));
        }

        var who = indicator is null ? "a target's scope" : $"{indicator.Id} exists for";
        return $"{who} {string.Join("; or ", parts)}";
    }

    private static (double Min, double Max, string Allowed) ThresholdRange(IndicatorDefinition? indicator, TargetMeasure measure)
    {
        if (measure == TargetMeasure.Growth)
        {
            return (-100, 1000, "a growth in percent over the base year, from -100 to 1000");
        }

        if (indicator is { Kind: IndicatorKind.Rate })
        {
            return (-1000, 1000, $"a level in {indicator.Unit}, from -1000 to 1000");
        }

        var unit = indicator is null ? "the indicator's unit" : indicator.Unit;
        return (0, 1e9, $"a level in {unit}, from 0 to 1000000000");
    }

    private YamlTreeSequence? ReadList(YamlTreeMapping root, string key, string allowed, int maxItems)
    {
        if (Optional(root, key) is not { } node)
        {
            return null;
        }

        if (node is not YamlTreeSequence list)
        {
            Fail<int>(node, $"expected a list, found {node.Describe()}", allowed);
            return null;
        }

        if (list.Items.Count > maxItems)
        {
            Fail<int>(node, $"{list.Items.Count} {key} are too many", $"at most {maxItems} {key}");
        }

        return list;
    }

    private void CheckFields(YamlTreeMapping map, string[] known, string what)
    {
        foreach (var (key, _) in map.Entries)
        {
            if (!known.Contains(key.Value, StringComparer.Ordinal))
            {
                Fail<int>(key, $"unknown field {ProblemText.Quote(key.Value)}{NameSuggester.Hint(key.Value, known)}", $"the fields of {what}: {ProblemText.List(known)}");
            }
        }
    }

    /// <summary>A field's node; null when absent or explicitly empty (<c>key:</c>), which both mean "use the default".</summary>
    private YamlTreeNode? Optional(YamlTreeMapping map, string key)
    {
        var node = map.Get(key);
        if (node is { IsRejected: true })
        {
            // Already reported (tag, alias, too deep); looking inside would only repeat it.
            failed = true;
            return null;
        }

        return node is YamlTreeScalar { Kind: ScalarKind.Null } ? null : node;
    }

    private YamlTreeNode? Required(YamlTreeMapping map, string key, string allowed)
    {
        var node = map.Get(key);
        if (node is { IsRejected: true })
        {
            failed = true;
            return null;
        }

        if (node is YamlTreeScalar { Kind: ScalarKind.Null } empty)
        {
            return FailRef<YamlTreeNode>(empty, "no value given", allowed);
        }

        if (node is null)
        {
            failed = true;

            // After a syntax error the field may simply lie beyond the point where reading stopped.
            if (complete)
            {
                var path = map.Path.Length == 0 ? key : $"{map.Path}.{key}";
                problems.Add(map.Start, path, "missing required field", allowed);
            }
        }

        return node;
    }

    private string? Text(YamlTreeNode node, string allowed)
    {
        if (node.IsRejected)
        {
            failed = true;
            return null;
        }

        if (node is YamlTreeScalar { Kind: ScalarKind.Text } scalar)
        {
            return scalar.Value;
        }

        var hint = node is YamlTreeScalar { Kind: ScalarKind.Number or ScalarKind.Boolean or ScalarKind.NonFinite } s
            ? $" (to use it as text, quote it: \"{s.Value}\")"
            : string.Empty;
        return FailRef<string>(node, $"expected text, found {node.Describe()}", allowed + hint);
    }

    private string? Choice(YamlTreeNode node, IReadOnlyList<string> options, string what)
    {
        var allowed = "one of " + ProblemText.List(options);
        if (Text(node, allowed) is not { } text)
        {
            return null;
        }

        return options.Contains(text, StringComparer.Ordinal)
            ? text
            : FailRef<string>(node, $"unknown {what} {ProblemText.Quote(text)}{NameSuggester.Hint(text, options)}", allowed);
    }

    private YearMonth? Month(YamlTreeNode node, string allowed)
    {
        if (Text(node, allowed) is not { } text)
        {
            return null;
        }

        return YearMonth.TryParse(text, out var month) && month.Year >= 1
            ? month
            : Fail<YearMonth>(node, $"{ProblemText.Quote(text)} is not a month written YYYY-MM", allowed);
    }

    private double? Number(YamlTreeNode node, double min, double max, string allowed)
    {
        if (node.IsRejected)
        {
            failed = true;
            return null;
        }

        if (node is not YamlTreeScalar scalar)
        {
            return Fail<double>(node, $"expected a number, found {node.Describe()}", allowed);
        }

        switch (scalar.Kind)
        {
            case ScalarKind.NonFinite:
                return Fail<double>(node, $"{ProblemText.Quote(scalar.Value)} is not a finite number", allowed);
            case ScalarKind.Number when !double.IsFinite(scalar.Number):
                return Fail<double>(node, $"{ProblemText.Quote(scalar.Value)} is too large to be a number", allowed);
            case ScalarKind.Number when scalar.Number < min || scalar.Number > max:
                return Fail<double>(node, $"{scalar.Value} is out of range", allowed);
            case ScalarKind.Number:
                return scalar.Number;
            case ScalarKind.Text when !scalar.IsPlain && double.TryParse(scalar.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out _):
                return Fail<double>(node, $"expected a number, found {scalar.Describe()}", allowed + " (write numbers without quotes)");
            default:
                return Fail<double>(node, $"expected a number, found {scalar.Describe()}", allowed);
        }
    }

    private int? Whole(YamlTreeNode node, int min, int max, string allowed)
    {
        // Check wholeness before range so "12.5" says what is wrong with it.
        if (Number(node, double.MinValue, double.MaxValue, allowed) is not { } number)
        {
            return null;
        }

        var text = ((YamlTreeScalar)node).Value;
        if (Math.Floor(number) != number)
        {
            return Fail<int>(node, $"{text} is not a whole number", allowed);
        }

        return number < min || number > max ? Fail<int>(node, $"{text} is out of range", allowed) : (int)number;
    }

    private ulong? Seed(YamlTreeNode node)
    {
        const string allowed = "a whole number from 0 to 18446744073709551615";

        // Parsed from the digits, not via double, so all 64 bits survive.
        if (node is YamlTreeScalar { Kind: ScalarKind.Number, IsRejected: false } scalar)
        {
            var digits = scalar.Value.StartsWith('+') ? scalar.Value[1..] : scalar.Value;
            if (digits.Length > 0 && digits.All(char.IsAsciiDigit))
            {
                return ulong.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var seed)
                    ? seed
                    : Fail<ulong>(node, $"{scalar.Value} is out of range", allowed);
            }

            var what = Math.Floor(scalar.Number) != scalar.Number || digits.Any(c => c is '.' or 'e' or 'E') ? "is not a whole number written in digits" : "is out of range";
            return Fail<ulong>(node, $"{scalar.Value} {what}", allowed);
        }

        Number(node, double.MinValue, double.MaxValue, allowed);
        failed = true;
        return null;
    }

    private static string? EntityKind(string id)
    {
        if (id == DistrictIds.District)
        {
            return "district";
        }

        if (DistrictIds.Chains.Contains(id, StringComparer.Ordinal))
        {
            return "chain";
        }

        if (DistrictIds.Towns.Contains(id, StringComparer.Ordinal))
        {
            return "town";
        }

        return DistrictIds.Projects.Contains(id, StringComparer.Ordinal) ? "project" : null;
    }

    /// <summary>Reports a problem at a node and yields "no value" for the caller to return.</summary>
    private T? Fail<T>(YamlTreeNode node, string message, string allowed)
        where T : struct
    {
        failed = true;
        problems.Add(node.Start, node.Path, message, allowed);
        return null;
    }

    private T? FailRef<T>(YamlTreeNode node, string message, string allowed)
        where T : class
    {
        failed = true;
        problems.Add(node.Start, node.Path, message, allowed);
        return null;
    }

    private static string Format(double value) => value.ToString(CultureInfo.InvariantCulture);

    // \z, not $: $ also matches before a final line break, which let the name "text\n" (a YAML block scalar) through.
    [GeneratedRegex(@"^[a-z0-9][a-z0-9-]{0,63}\z", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}
