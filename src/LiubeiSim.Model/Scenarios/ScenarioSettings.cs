using YamlDotNet.Core;

namespace LiubeiSim.Model.Scenarios;

/// <summary>
/// <c>--set KEY=VALUE</c>: a value written into the scenario's YAML tree before it is validated, so a setting is
/// checked exactly like the same value in the file (range, unit, did-you-mean) and wins over it.
/// </summary>
/// <remarks>
/// Keys: <c>levers.&lt;lever&gt;</c>, <c>assumptions.&lt;figure id&gt;</c> (the id may itself hold dots),
/// <c>horizon.start</c>, <c>horizon.months</c>, and the top-level <c>name</c>, <c>description</c>, <c>base</c>,
/// <c>replications</c>, <c>seed</c>, <c>synthetic_firms</c>. Values are read as plain YAML: <c>20</c> is a number,
/// <c>2023-01</c> a month.
/// </remarks>
public static class ScenarioSettings
{
    /// <summary>Most settings one run accepts; a command line longer than this is a script gone wrong.</summary>
    public const int MaxSettings = 200;

    private const string Allowed = "KEY=VALUE with KEY one of levers.<lever>, assumptions.<figure id>, horizon.start, horizon.months, name, description, base, replications, seed, synthetic_firms";

    private static readonly string[] Blocks = ["levers", "assumptions", "horizon"];
    private static readonly string[] Scalars = ["name", "description", "base", "replications", "seed", "synthetic_firms"];
    private static readonly string[] HorizonFields = ["start", "months"];
    private static readonly string[] Lists = ["shocks", "targets"];

    /// <summary>
    /// The key meant: a lever or horizon field given without its block (<c>sgmw_demand_growth</c> for
    /// <c>levers.sgmw_demand_growth</c>, misspelt or not), else the nearest block or scalar.
    /// </summary>
    private static string UnknownKeyHint(string key, string head)
    {
        if (key.Contains('.', StringComparison.Ordinal))
        {
            return NameSuggester.Hint(head, [.. Blocks, .. Scalars]);
        }

        if (NameSuggester.Nearest(key, HorizonFields) is { } field)
        {
            return $" (did you mean 'horizon.{field}'?)";
        }

        // A lever by its own name, or misspelt; not a word many levers share (growth, share), which names none.
        var levers = LeverCatalog.All.Select(l => l.Name).ToList();
        var containing = levers.Where(l => l.Contains(key, StringComparison.Ordinal)).ToList();
        var lever = levers.Contains(key) ? key
            : containing.Count == 1 ? containing[0]
            : containing.Count == 0 && NameSuggester.Nearest(key, levers) is { } near && Math.Abs(near.Length - key.Length) <= 3 ? near
            : null;
        return lever is not null ? $" (did you mean 'levers.{lever}'?)" : NameSuggester.Hint(head, [.. Blocks, .. Scalars]);
    }

    /// <summary>Splits <c>KEY=VALUE</c> at the first <c>=</c>; null when there is none or the key is empty.</summary>
    public static (string Key, string Value)? Split(string setting)
    {
        var equals = setting.IndexOf('=', StringComparison.Ordinal);
        return equals <= 0 ? null : (setting[..equals].Trim(), setting[(equals + 1)..].Trim());
    }

    internal static void Apply(YamlTreeMapping root, IReadOnlyList<string> settings, ProblemCollector problems)
    {
        if (settings.Count > MaxSettings)
        {
            problems.Add(SourceMark.FromSetting($"({settings.Count} settings)"), string.Empty, $"{settings.Count} settings, over the limit of {MaxSettings}", "put that many values in the scenario file");
            return;
        }

        foreach (var setting in settings)
        {
            var mark = SourceMark.FromSetting(setting);
            if (Split(setting) is not var (key, value))
            {
                problems.Add(mark, string.Empty, "expected KEY=VALUE", Allowed);
                continue;
            }

            var dot = key.IndexOf('.', StringComparison.Ordinal);
            var head = dot < 0 ? key : key[..dot];
            var rest = dot < 0 ? string.Empty : key[(dot + 1)..];
            if (Lists.Contains(head))
            {
                problems.Add(mark, key, $"{head} is a list and cannot be set from the command line", $"edit the file (`liubeisim scenarios show NAME > my.yaml` copies a built-in); {Allowed}");
                continue;
            }

            if (Scalars.Contains(head))
            {
                if (rest.Length > 0)
                {
                    problems.Add(mark, key, $"{head} is a single value, it has no field {ProblemText.Quote(rest)}", $"{head}=VALUE");
                    continue;
                }

                root.Set(Key(mark, head, head), Scalar(mark, head, value));
                continue;
            }

            if (!Blocks.Contains(head))
            {
                problems.Add(mark, key, $"unknown key {ProblemText.Quote(head)}{UnknownKeyHint(key, head)}", Allowed);
                continue;
            }

            if (rest.Length == 0)
            {
                problems.Add(mark, key, $"{head} needs a field after the dot, e.g. {Example(head)}", Allowed);
                continue;
            }

            if (head == "horizon" && !HorizonFields.Contains(rest))
            {
                problems.Add(mark, key, $"horizon has no field {ProblemText.Quote(rest)}{NameSuggester.Hint(rest, HorizonFields)}", "horizon.start=YYYY-MM or horizon.months=N");
                continue;
            }

            // An explicitly empty block (`levers:`, as `scenarios show` writes one) means none, as an absent one does:
            // the setting starts it. Any other value is the file's own mistake, which the reader reports at its line.
            var existing = root.Get(head);
            if (existing is not null and not YamlTreeMapping and not YamlTreeScalar { Kind: ScalarKind.Null })
            {
                continue;
            }

            var block = existing as YamlTreeMapping;
            if (block is null)
            {
                block = new YamlTreeMapping(mark, head);
                root.Set(Key(mark, head, head), block);
            }

            block.Set(Key(mark, key, rest), Scalar(mark, key, value));
        }
    }

    private static string Example(string head) => head switch
    {
        "levers" => "levers.sgmw_demand_growth=20",
        "assumptions" => "assumptions.chain.auto_parts_machinery.jobs_per_output=55",
        _ => "horizon.months=24",
    };

    private static YamlTreeScalar Key(SourceMark mark, string path, string key) => new(mark, path, key, ScalarStyle.Plain);

    private static YamlTreeScalar Scalar(SourceMark mark, string path, string value) => new(mark, path, value, ScalarStyle.Plain);
}
