using System.Globalization;
using LiubeiSim.Model.District;
using LiubeiSim.Model.Engine;
using LiubeiSim.Model.Scenarios;
using YamlDotNet.RepresentationModel;

namespace LiubeiSim.Host.Workbench.Scenarios;

/// <summary>
/// What the editor's controls show and change. The YAML text stays the one truth: a control's change is written to
/// this model and the model back to YAML (<see cref="ScenarioYaml"/>), and an edit of the text is read into this model.
/// Values are kept as given, out of range or not, so the scenario parser (not this class) says what is wrong with them.
/// </summary>
public sealed class EditableScenario
{
    public string Name { get; set; } = "my-scenario";

    public string Description { get; set; } = string.Empty;

    public int BaseYear { get; set; } = BaseYearDataset.Default.BaseYears[0].Year;

    /// <summary>YYYY-MM as typed; a text so a malformed month reaches the parser (and its message) unchanged.</summary>
    public string Start { get; set; } = string.Empty;

    public int Months { get; set; } = ScenarioParser.DefaultMonths;

    public int Replications { get; set; } = ScenarioParser.DefaultReplications;

    public ulong Seed { get; set; } = ScenarioParser.DefaultSeed;

    public int SyntheticFirms { get; set; }

    /// <summary>Levers the scenario sets; the others keep their base-year default.</summary>
    public SortedDictionary<string, double> Levers { get; } = new(StringComparer.Ordinal);

    public SortedDictionary<string, double> Assumptions { get; } = new(StringComparer.Ordinal);

    public List<EditableShock> Shocks { get; } = [];

    public List<EditableTarget> Targets { get; } = [];

    /// <summary>The first simulated month when <see cref="Start"/> reads as one, else the January after the base year.</summary>
    public YearMonth StartMonth => YearMonth.TryParse(Start, out var m) ? m : new YearMonth(BaseYear + 1, 1);

    public static EditableScenario From(Scenario scenario)
    {
        var model = new EditableScenario
        {
            Name = scenario.Name,
            Description = scenario.Description,
            BaseYear = scenario.BaseYear,
            Start = scenario.Start.ToString(),
            Months = scenario.Months,
            Replications = scenario.Replications,
            Seed = scenario.Seed,
            SyntheticFirms = scenario.SyntheticFirms,
        };
        foreach (var (k, v) in scenario.Levers)
        {
            model.Levers[k] = v;
        }

        foreach (var (k, v) in scenario.Assumptions)
        {
            model.Assumptions[k] = v;
        }

        model.Shocks.AddRange(scenario.Shocks.Select(s => new EditableShock
        {
            Name = s.Name,
            Target = s.Target,
            Variable = ScenarioYaml.ShockVariableName(s.Variable),
            From = s.From.ToString(),
            Months = s.Months,
            Change = s.Change,
        }));
        model.Targets.AddRange(scenario.Targets.Select(t => new EditableTarget
        {
            Name = t.Name,
            Indicator = t.Indicator,
            Scope = t.Scope,
            Direction = t.Direction == TargetDirection.AtLeast ? "at-least" : "at-most",
            Threshold = t.Threshold,
            Measure = t.Measure == TargetMeasure.Growth ? "growth" : "level",
        }));
        return model;
    }

    /// <summary>
    /// The model as a scenario file. Written with <see cref="ScenarioYaml"/> where every value has its type; a month
    /// or a choice that does not (typed by hand) is put into the text as typed, so the parser reports it at its line.
    /// </summary>
    public string ToYaml()
    {
        var start = YearMonth.TryParse(Start, out var s) ? s : new YearMonth(BaseYear + 1, 1);
        var shocks = Shocks.Select(x => new Shock(
            x.Name,
            x.Target,
            ParseVariable(x.Variable) ?? ShockVariable.Demand,
            YearMonth.TryParse(x.From, out var f) ? f : start,
            x.Months,
            x.Change)).ToList();
        var targets = Targets.Select(t => new Target(
            t.Name,
            t.Indicator,
            string.IsNullOrEmpty(t.Scope) ? SeriesKey.DistrictScope : t.Scope,
            t.Direction == "at-most" ? TargetDirection.AtMost : TargetDirection.AtLeast,
            t.Threshold,
            t.Measure == "growth" ? TargetMeasure.Growth : TargetMeasure.Level)).ToList();
        var scenario = new Scenario(Name, Description, BaseYear, start, Months, Replications, Seed, Levers, shocks, targets)
        {
            SyntheticFirms = SyntheticFirms,
            Assumptions = Assumptions,
        };
        var yaml = ScenarioYaml.Write(scenario);
        if (!YearMonth.TryParse(Start, out _))
        {
            yaml = ReplaceLine(yaml, "  start: ", 0, Quote(Start));
        }

        // Malformed shock months and variables: rewrite the n-th occurrence of that field.
        for (var i = 0; i < Shocks.Count; i++)
        {
            if (!YearMonth.TryParse(Shocks[i].From, out _))
            {
                yaml = ReplaceLine(yaml, "  from: ", i, Quote(Shocks[i].From));
            }

            if (ParseVariable(Shocks[i].Variable) is null)
            {
                yaml = ReplaceLine(yaml, "  variable: ", i, Quote(Shocks[i].Variable));
            }
        }

        return yaml;
    }

    /// <summary>
    /// Reads what it can of a scenario text that does not validate, so the controls follow the text as it is typed:
    /// fields that read keep their value from the text, the others stay as they were. Never throws.
    /// </summary>
    public void ReadLoosely(string text)
    {
        YamlMappingNode root;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode map)
            {
                return;
            }

            root = map;
        }
        catch (Exception e) when (e is YamlDotNet.Core.YamlException or InvalidOperationException or ArgumentException)
        {
            return;
        }

        Name = Text(root, "name") ?? Name;
        Description = Text(root, "description") ?? Description;
        BaseYear = Int(root, "base") ?? BaseYear;
        if (Child(root, "horizon") is YamlMappingNode horizon)
        {
            Start = Text(horizon, "start") ?? Start;
            Months = Int(horizon, "months") ?? Months;
        }

        Replications = Int(root, "replications") ?? Replications;
        Seed = Text(root, "seed") is { } seed && ulong.TryParse(seed, NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : Seed;
        ReadNumbers(root, "levers", Levers);
        ReadNumbers(root, "assumptions", Assumptions);
        if (Child(root, "shocks") is YamlSequenceNode shocks)
        {
            Shocks.Clear();
            foreach (var item in shocks.Children.OfType<YamlMappingNode>())
            {
                Shocks.Add(new EditableShock
                {
                    Name = Text(item, "name") ?? string.Empty,
                    Target = Text(item, "target") ?? string.Empty,
                    Variable = Text(item, "variable") ?? string.Empty,
                    From = Text(item, "from") ?? string.Empty,
                    Months = Int(item, "months") ?? 1,
                    Change = Number(item, "change") ?? 0,
                });
            }
        }
        else if (Child(root, "shocks") is null)
        {
            Shocks.Clear();
        }

        if (Child(root, "targets") is YamlSequenceNode targets)
        {
            Targets.Clear();
            foreach (var item in targets.Children.OfType<YamlMappingNode>())
            {
                Targets.Add(new EditableTarget
                {
                    Name = Text(item, "name") ?? string.Empty,
                    Indicator = Text(item, "indicator") ?? string.Empty,
                    Scope = Text(item, "scope") ?? SeriesKey.DistrictScope,
                    Direction = Text(item, "direction") ?? "at-least",
                    Threshold = Number(item, "threshold") ?? 0,
                    Measure = Text(item, "measure") ?? "level",
                });
            }
        }
        else if (Child(root, "targets") is null)
        {
            Targets.Clear();
        }
    }

    public static ShockVariable? ParseVariable(string name) => name switch
    {
        "demand" => ShockVariable.Demand,
        "delay" => ShockVariable.Delay,
        "outside_capital" => ShockVariable.OutsideCapital,
        "credit" => ShockVariable.Credit,
        _ => null,
    };

    private static void ReadNumbers(YamlMappingNode root, string key, SortedDictionary<string, double> into)
    {
        if (Child(root, key) is not YamlMappingNode map)
        {
            if (Child(root, key) is null)
            {
                into.Clear();
            }

            return;
        }

        into.Clear();
        foreach (var (k, v) in map.Children)
        {
            if (k is YamlScalarNode { Value: { } name } && v is YamlScalarNode { Value: { } text } &&
                double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            {
                into[name] = number;
            }
        }
    }

    private static YamlNode? Child(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : null;

    private static string? Text(YamlMappingNode map, string key) => Child(map, key) is YamlScalarNode { Value: { } v } ? v : null;

    private static int? Int(YamlMappingNode map, string key) =>
        Text(map, key) is { } t && int.TryParse(t, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) ? v : null;

    private static double? Number(YamlMappingNode map, string key) =>
        Text(map, key) is { } t && double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null;

    private static string Quote(string text) => "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    /// <summary>The value of the <paramref name="occurrence"/>-th line containing <paramref name="field"/>, replaced.</summary>
    private static string ReplaceLine(string yaml, string field, int occurrence, string value)
    {
        var lines = yaml.Split('\n');
        var seen = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            var at = lines[i].IndexOf(field, StringComparison.Ordinal);
            if (at < 0)
            {
                continue;
            }

            if (seen++ == occurrence)
            {
                lines[i] = lines[i][..(at + field.Length)] + value;
                break;
            }
        }

        return string.Join('\n', lines);
    }
}

/// <summary>A shock as the editor holds it: the file's fields, as typed.</summary>
public sealed class EditableShock
{
    public string Name { get; set; } = string.Empty;

    public string Target { get; set; } = string.Empty;

    public string Variable { get; set; } = "demand";

    public string From { get; set; } = string.Empty;

    public int Months { get; set; } = 1;

    public double Change { get; set; }
}

/// <summary>A target as the editor holds it: the file's fields, as typed.</summary>
public sealed class EditableTarget
{
    public string Name { get; set; } = string.Empty;

    public string Indicator { get; set; } = string.Empty;

    public string Scope { get; set; } = SeriesKey.DistrictScope;

    public string Direction { get; set; } = "at-least";

    public double Threshold { get; set; }

    public string Measure { get; set; } = "level";
}
