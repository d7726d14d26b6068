using System.Globalization;
using System.Text;
using LiubeiSim.Analysis.Design;
using LiubeiSim.Analysis.Sensitivity;
using LiubeiSim.Model.District;
using LiubeiSim.Model.Engine;
using LiubeiSim.Model.Indicators;
using LiubeiSim.Model.Scenarios;
using LiubeiSim.Model.Output;

namespace LiubeiSim.Analysis.Sweeps;

/// <summary>The outcome of reading a sweep spec: the spec when valid, and every problem found (the spec's and its base scenario's).</summary>
public sealed record SweepSpecParseResult(SweepSpec? Spec, IReadOnlyList<ScenarioProblem> Problems)
{
    public bool IsValid => Spec is not null && Problems.Count == 0;
}

/// <summary>
/// Reads sweep specs (YAML) with the scenario validator's own YAML tree, so a spec's problems come out like a
/// scenario's: all at once, <c>FILE:LINE:COL: field: what is wrong; what is allowed</c>, with did-you-mean. A factor's
/// key and every value it can take are checked by applying them as <c>--set KEY=VALUE</c> to the base scenario
/// (<see cref="ScenarioLibrary.Resolve"/>) and moving the scenario validator's problems to the spec's line.
/// </summary>
public static class SweepSpecParser
{
    public const int MaxFileBytes = ScenarioParser.MaxFileBytes;

    /// <summary>Most factors: a Saltelli design's limit, so every spec can also be analysed.</summary>
    public const int MaxFactors = SaltelliDesign.MaxFactors;

    /// <summary>Most values one factor may list, or grid steps it may ask for.</summary>
    public const int MaxValues = 1000;

    /// <summary>Most points a design may have; a sweep of more is a typo or a job for a cluster.</summary>
    public const int MaxPoints = 100_000;

    public const int MaxOutputs = 50;

    public const string FactorsKey = "factors";

    private const string SpecAllowed = "a YAML mapping with base and factors, like examples/sweeps/sgmw-delay.yaml";
    private const string FactorValueAllowed = "a list of values, e.g. [0, 10, 20], or a range {min: 0, max: 12, steps: 4} (steps for a grid only)";
    private const string SettingKeysAllowed = "levers.<lever> (see `liubeisim levers`), assumptions.<figure id> (see `liubeisim baseline --kind assumption`), horizon.months or synthetic_firms";

    private static readonly string[] RootFields = ["base", "description", "replications", "seed", "design", "samples", FactorsKey, "outputs"];
    private static readonly string[] RangeFields = ["min", "max", "steps"];
    private static readonly string[] Designs = [SweepSpec.GridName, SweepSpec.LatinHypercubeName, SweepSpec.SobolName];

    /// <summary>
    /// Whether a file is a sweep spec rather than a scenario: a YAML mapping with a <c>factors</c> key. Only a regular
    /// file is looked into: a pipe (<c>run &lt;(…)</c>, <c>/dev/stdin</c>) read here would reach its reader empty, and
    /// a device might never end; those are read once, by the reader of the command they were given to.
    /// </summary>
    public static bool IsSweepSpec(string path)
    {
        if (!System.IO.File.Exists(path))
        {
            return false;
        }

        string text;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            if (!stream.CanSeek || stream.Length > MaxFileBytes)
            {
                return false;
            }

            // At most the cap, even from a device that reports no length and never ends (/dev/zero).
            using var reader = new StreamReader(stream, StrictUtf8);
            var buffer = new char[MaxFileBytes + 1];
            var read = reader.ReadBlock(buffer, 0, buffer.Length);
            if (read > MaxFileBytes)
            {
                return false;
            }

            text = new string(buffer, 0, read);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DecoderFallbackException)
        {
            // Not readable as text: the scenario reader says what is wrong with it.
            return false;
        }

        var root = YamlTree.Read(text, new ProblemCollector(path), out _);
        return root is YamlTreeMapping map && map.Get(FactorsKey) is not null;
    }

    /// <summary>Reads and validates a spec file; never throws for a bad file.</summary>
    public static SweepSpecParseResult ParseFile(string path)
    {
        try
        {
            var info = new FileInfo(path);
            if (Directory.Exists(path))
            {
                return Failure(path, "this is a directory, not a sweep spec", "a path to a sweep spec file (.yaml)");
            }

            if (!info.Exists)
            {
                return Failure(path, "no such file", "a path to an existing sweep spec file (.yaml), e.g. examples/sweeps/sgmw-delay.yaml");
            }

            if (info.Length > MaxFileBytes)
            {
                return Failure(path, $"the file is {info.Length} bytes, over the limit of {MaxFileBytes} bytes", "a sweep spec of at most 256 KiB; specs are usually under 1 KiB");
            }

            var text = System.IO.File.ReadAllText(path, StrictUtf8);
            var folder = Path.GetDirectoryName(Path.GetFullPath(path)) ?? Directory.GetCurrentDirectory();
            return ParseText(path, text, folder);
        }
        catch (DecoderFallbackException)
        {
            return Failure(path, "the file is not valid UTF-8 text", "a UTF-8 text file in YAML");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return Failure(path, "cannot read the file: " + e.Message, "a readable sweep spec file");
        }
    }

    /// <summary>Validates a spec's text; <paramref name="folder"/> is where a <c>base</c> file name is looked for.</summary>
    /// <param name="file">Labels the problems.</param>
    /// <param name="text">The spec.</param>
    /// <param name="folder">Where a <c>base</c> file is looked for; null for a spec that may name built-in scenarios only (the HTTP API, which never opens a path on the server's disk).</param>
    public static SweepSpecParseResult ParseText(string file, string text, string? folder)
    {
        if (text.StartsWith('\uFEFF'))
        {
            text = text[1..];
        }

        var problems = new ProblemCollector(file);
        if (text.Contains('\0', StringComparison.Ordinal))
        {
            problems.Add(SourceMark.FileStart, string.Empty, "the file holds binary data (a NUL character)", SpecAllowed);
            return new SweepSpecParseResult(null, problems.ToList());
        }

        var root = YamlTree.Read(text, problems, out var complete);
        var reader = new Reader(file, folder, problems, complete);
        var spec = root is null ? null : reader.Read(root, text);
        if (root is null && problems.Count == 0)
        {
            problems.Add(SourceMark.FileStart, string.Empty, "the file holds no spec", SpecAllowed);
        }

        var all = problems.ToList().Concat(reader.BaseProblems).ToList();
        return new SweepSpecParseResult(all.Count == 0 ? spec : null, all);
    }

    private static SweepSpecParseResult Failure(string file, string message, string allowed) =>
        new(null, [new ScenarioProblem(file, 1, 1, ScenarioProblem.DocumentPath, message, allowed)]);

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>A factor as written: its key, its values (with the node each came from) or range, before it is checked.</summary>
    private sealed record FactorEntry(YamlTreeScalar KeyNode, YamlTreeNode ValueNode, List<(double Value, YamlTreeNode Node)>? List, (double Value, YamlTreeNode Node)? Min, (double Value, YamlTreeNode Node)? Max, (int Value, YamlTreeNode Node)? Steps)
    {
        public string Key => KeyNode.Value;
    }

    private sealed class Reader(string file, string? folder, ProblemCollector problems, bool complete)
    {
        private bool failed;

        /// <summary>Problems of the base scenario file itself, located in that file.</summary>
        public List<ScenarioProblem> BaseProblems { get; } = [];

        public SweepSpec? Read(YamlTreeNode root, string text)
        {
            if (root.IsRejected)
            {
                return null;
            }

            if (root is not YamlTreeMapping map)
            {
                problems.Add(root.Start, string.Empty, $"the top level is {root.Describe()}, not a mapping of fields", SpecAllowed);
                return null;
            }

            foreach (var (key, _) in map.Entries.Where(e => !RootFields.Contains(e.Key.Value, StringComparer.Ordinal)))
            {
                Fail(key, $"unknown field {ProblemText.Quote(key.Value)}{NameSuggester.Hint(key.Value, RootFields)}", "the fields of a sweep spec: " + ProblemText.List(RootFields));
            }

            var (baseText, baseReference, baseScenario) = ReadBase(map);
            if (Optional(map, "description") is { } description && description is not YamlTreeScalar { Kind: ScalarKind.Text })
            {
                Fail(description, $"expected text, found {description.Describe()}", "text saying what the sweep asks");
            }

            var replications = Optional(map, "replications") is { } r
                ? Whole(r, 1, 1_000_000, "a whole number of Monte Carlo replications per point, from 1 to 1000000")
                : baseScenario?.Replications;
            var seed = Optional(map, "seed") is { } s ? Seed(s) : baseScenario?.Seed;
            var design = Optional(map, "design") is { } d ? Design(d) : SweepDesignKind.Grid;
            var samplesNode = Optional(map, "samples");
            var samples = samplesNode is null ? null : Whole(samplesNode, 1, MaxPoints, $"a whole number of points from 1 to {MaxPoints} (a power of two balances a Sobol design best)");
            if (design is SweepDesignKind.Grid && samplesNode is not null)
            {
                Fail(samplesNode, "samples is for lhs and sobol designs (and `liubeisim sensitivity`); a grid runs every combination of its factors' values", "remove samples, or set design: lhs or design: sobol");
            }

            if (design is SweepDesignKind.LatinHypercube or SweepDesignKind.Sobol && samplesNode is null && map.Get("design") is { } designNode)
            {
                Fail(designNode, $"design {SweepSpec.Name(design.Value)} needs samples: N, the number of points", "samples: 64, for instance");
            }

            var entries = ReadFactors(map, design);
            var outputs = ReadOutputs(map);

            List<SweepFactor>? factors = null;
            if (baseScenario is not null && baseReference is not null && entries is not null)
            {
                factors = CheckFactors(map, entries, baseReference, baseScenario, design ?? SweepDesignKind.Grid);
            }

            if (failed || problems.Count > 0 || !complete || baseText is null || baseReference is null || baseScenario is null ||
                replications is null || seed is null || design is null || factors is null || outputs is null)
            {
                return null;
            }

            var spec = new SweepSpec(file, text, baseText, baseReference, baseScenario, replications.Value, seed.Value, design.Value, samples, factors, outputs);
            return CheckPointCount(map, spec) ? spec : null;
        }

        private bool CheckPointCount(YamlTreeMapping map, SweepSpec spec)
        {
            if (spec.Design != SweepDesignKind.Grid)
            {
                return true;
            }

            var count = spec.Factors.Aggregate(1.0, (product, f) => product * f.Factor.Steps);
            if (count <= MaxPoints)
            {
                return true;
            }

            var shape = string.Join(" × ", spec.Factors.Select(f => $"{f.Key} ({f.Factor.Steps})"));
            Fail(map.Get(FactorsKey)!, string.Create(CultureInfo.InvariantCulture, $"the grid {shape} has {count:N0} points, over the limit of {MaxPoints:N0}"), "fewer values or steps, or design: lhs or sobol with samples: N");
            return false;
        }

        private (string? Text, string? Reference, Scenario? Scenario) ReadBase(YamlTreeMapping map)
        {
            var allowed = folder is null
                ? "a built-in scenario name: " + ProblemText.List(ScenarioLibrary.Names)
                : "a built-in scenario name (see `liubeisim scenarios list`) or a scenario file, relative to the spec's folder";
            if (Required(map, "base", allowed) is not { } node)
            {
                return (null, null, null);
            }

            if (node is not YamlTreeScalar { Kind: ScalarKind.Text } scalar)
            {
                Fail(node, $"expected text, found {node.Describe()}", allowed);
                return (null, null, null);
            }

            var written = scalar.Value;
            var candidate = folder is null ? null : Path.Combine(folder, written);
            string reference;
            if (candidate is not null && System.IO.File.Exists(candidate))
            {
                // Rooted, so SweepSpec.ResolveBase tells a file from a built-in name by the reference alone.
                reference = Path.GetFullPath(candidate);
            }
            else
            {
                var name = written.EndsWith(".yaml", StringComparison.Ordinal) ? written[..^".yaml".Length] : written;
                if (!ScenarioLibrary.Names.Contains(name, StringComparer.Ordinal))
                {
                    var what = candidate is null ? "is not a built-in scenario" : $"is neither a file (looked for {ProblemText.OneLine(candidate)}) nor a built-in scenario";
                    Fail(node, $"{ProblemText.Quote(written)} {what}{NameSuggester.Hint(name, ScenarioLibrary.Names)}", allowed);
                    return (written, null, null);
                }

                reference = name;
            }

            var parsed = SweepSpec.ResolveBase(reference, []);
            if (!parsed.IsValid)
            {
                BaseProblems.AddRange(parsed.Problems);
                Fail(node, $"the base scenario {ProblemText.Quote(written)} is not valid ({Count(parsed.Problems.Count, "problem")}, listed with their own file and line)", "a scenario that `liubeisim validate` accepts");
                return (written, reference, null);
            }

            return (written, reference, parsed.Scenario);
        }

        private SweepDesignKind? Design(YamlTreeNode node)
        {
            var allowed = "one of " + ProblemText.List(Designs) + ": every combination of the factors' values, a Latin hypercube, or a Sobol sequence";
            if (node is not YamlTreeScalar { Kind: ScalarKind.Text } scalar)
            {
                Fail(node, $"expected a design name, found {node.Describe()}", allowed);
                return null;
            }

            return scalar.Value switch
            {
                SweepSpec.GridName => SweepDesignKind.Grid,
                SweepSpec.LatinHypercubeName => SweepDesignKind.LatinHypercube,
                SweepSpec.SobolName => SweepDesignKind.Sobol,
                _ => FailValue<SweepDesignKind>(node, $"unknown design {ProblemText.Quote(scalar.Value)}{NameSuggester.Hint(scalar.Value, Designs)}", allowed),
            };
        }

        private List<FactorEntry>? ReadFactors(YamlTreeMapping root, SweepDesignKind? design)
        {
            var allowedBlock = $"a mapping of setting key: values, e.g. levers.sgmw_demand_growth: [0, 10, 20]; keys are {SettingKeysAllowed}";
            if (Required(root, FactorsKey, allowedBlock) is not { } node)
            {
                return null;
            }

            if (node is not YamlTreeMapping map)
            {
                Fail(node, $"expected a mapping of factors, found {node.Describe()}", allowedBlock);
                return null;
            }

            if (map.Entries.Count == 0)
            {
                Fail(node, "no factors", allowedBlock);
                return null;
            }

            if (map.Entries.Count > MaxFactors)
            {
                Fail(node, $"{map.Entries.Count} factors, over the limit of {MaxFactors}", $"at most {MaxFactors} factors (the limit of a Sobol sensitivity analysis)");
                return null;
            }

            var entries = new List<FactorEntry>();
            foreach (var (key, value) in map.Entries)
            {
                if (value.IsRejected)
                {
                    failed = true;
                    continue;
                }

                switch (value)
                {
                    case YamlTreeSequence sequence:
                        if (ReadList(key, sequence, design) is { } list)
                        {
                            entries.Add(new FactorEntry(key, value, list, null, null, null));
                        }

                        break;
                    case YamlTreeMapping range:
                        if (ReadRange(key, range, design) is { } entry)
                        {
                            entries.Add(entry);
                        }

                        break;
                    default:
                        Fail(value, $"expected a list of values or a range, found {value.Describe()}", FactorValueAllowed);
                        break;
                }
            }

            return entries;
        }

        private List<(double, YamlTreeNode)>? ReadList(YamlTreeScalar key, YamlTreeSequence sequence, SweepDesignKind? design)
        {
            if (sequence.Items.Count == 0)
            {
                Fail(sequence, "an empty list of values", FactorValueAllowed);
                return null;
            }

            if (sequence.Items.Count > MaxValues)
            {
                Fail(sequence, $"{sequence.Items.Count} values, over the limit of {MaxValues}", $"at most {MaxValues} values per factor");
                return null;
            }

            var values = new List<(double, YamlTreeNode)>();
            var seen = new Dictionary<double, YamlTreeNode>();
            foreach (var item in sequence.Items)
            {
                if (Number(item, "a number") is not { } value)
                {
                    continue;
                }

                if (seen.TryGetValue(value, out var first))
                {
                    Fail(item, $"{RunReport.Number(value)} is listed twice (first on line {first.Start.Line})", "each value once: a repeated value would run the same points twice");
                    continue;
                }

                seen[value] = item;
                values.Add((value, item));
            }

            if (design is SweepDesignKind.LatinHypercube or SweepDesignKind.Sobol && values.Count == 1)
            {
                Fail(sequence, $"one value for {key.Value}: an {SweepSpec.Name(design.Value)} design samples between a factor's smallest and largest value", "two values or more, or a range {min: A, max: B}");
            }

            return values.Count == sequence.Items.Count ? values : null;
        }

        private FactorEntry? ReadRange(YamlTreeScalar key, YamlTreeMapping range, SweepDesignKind? design)
        {
            foreach (var (field, _) in range.Entries.Where(e => !RangeFields.Contains(e.Key.Value, StringComparer.Ordinal)))
            {
                Fail(field, $"unknown field {ProblemText.Quote(field.Value)}{NameSuggester.Hint(field.Value, RangeFields)}", "a range {min: A, max: B, steps: N}");
            }

            var minNode = Required(range, "min", "min: the smallest value");
            var maxNode = Required(range, "max", "max: the largest value");
            var min = minNode is null ? null : Number(minNode, "a number: the smallest value");
            var max = maxNode is null ? null : Number(maxNode, "a number: the largest value");
            var stepsNode = range.Get("steps");
            int? steps = null;
            if (design is SweepDesignKind.Grid)
            {
                if (stepsNode is null)
                {
                    Fail(range, $"a grid range needs steps: N, the number of evenly spaced values from min to max", $"steps: 1 to {MaxValues}, e.g. {{min: 0, max: 12, steps: 4}} runs 0, 4, 8, 12");
                }
                else
                {
                    steps = Whole(stepsNode, 1, MaxValues, $"a whole number of values from 1 to {MaxValues}, evenly spaced from min to max inclusive");
                }
            }
            else if (stepsNode is not null && design is not null)
            {
                Fail(stepsNode, $"steps is for a grid; an {SweepSpec.Name(design.Value)} design samples anywhere between min and max", "remove steps, or set design: grid");
            }

            if (min is { } low && max is { } high)
            {
                if (low > high)
                {
                    Fail(maxNode!, $"max {RunReport.Number(high)} is below min {RunReport.Number(low)}", "max at least min");
                    return null;
                }

                if (low == high && design is SweepDesignKind.LatinHypercube or SweepDesignKind.Sobol)
                {
                    Fail(maxNode!, $"min and max are both {RunReport.Number(low)}: {key.Value} would not vary", "max above min");
                    return null;
                }

                if (low == high && steps > 1)
                {
                    Fail(stepsNode!, $"{steps} steps from {RunReport.Number(low)} to the same value would run the same point {steps} times", "steps: 1, or max above min");
                    return null;
                }

                if (design is not SweepDesignKind.Grid || steps is not null)
                {
                    return new FactorEntry(key, range, null, (low, minNode!), (high, maxNode!), steps is { } n ? (n, stepsNode!) : null);
                }
            }

            return null;
        }

        /// <summary>
        /// Checks every factor against the base scenario: its key with a value the field accepts, then every value a
        /// grid runs (or the two ends of a sampled range), each applied as <c>--set KEY=VALUE</c>; the scenario
        /// validator's problems are reported at the spec's node. Then all lower ends together, and all upper ends.
        /// </summary>
        private List<SweepFactor>? CheckFactors(YamlTreeMapping root, List<FactorEntry> entries, string baseReference, Scenario scenario, SweepDesignKind design)
        {
            var factors = new List<SweepFactor>();
            foreach (var entry in entries)
            {
                if (CheckKey(entry, baseReference, scenario) is not { } whole)
                {
                    continue;
                }

                var ok = true;
                foreach (var (value, node, context) in ValuesToCheck(entry, design))
                {
                    ok &= Check(node, baseReference, [$"{entry.Key}={RunReport.Number(value)}"], context);

                    // One grid value between the ends says what is wrong with the steps; the rest would repeat it.
                    if (!ok && context is not null)
                    {
                        break;
                    }
                }

                if (!ok)
                {
                    continue;
                }

                var factor = entry.List is { } list
                    ? design == SweepDesignKind.Grid
                        ? new Factor(entry.Key, list.Min(v => v.Value), list.Max(v => v.Value), [.. list.Select(v => v.Value)])
                        : new Factor(entry.Key, list.Min(v => v.Value), list.Max(v => v.Value))
                    : new Factor(entry.Key, entry.Min!.Value.Value, entry.Max!.Value.Value, steps: entry.Steps?.Value ?? 2);
                factors.Add(new SweepFactor(factor, whole));
            }

            if (factors.Count != entries.Count || problems.Count > 0)
            {
                return null;
            }

            // Assumptions that each lie in their domain may still contradict one another (shares adding up, say).
            var block = root.Get(FactorsKey)!;
            var together = Check(block, baseReference, [.. factors.Select(f => f.Setting(f.Factor.Min))], "with every factor at its smallest value");
            together &= Check(block, baseReference, [.. factors.Select(f => f.Setting(f.Factor.Max))], "with every factor at its largest value");
            return together ? factors : null;
        }

        /// <summary>The values a point can run at, each with the node to blame: listed values, or min, max and a grid's steps between them.</summary>
        private static IEnumerable<(double Value, YamlTreeNode Node, string? Context)> ValuesToCheck(FactorEntry entry, SweepDesignKind design)
        {
            if (entry.List is { } list)
            {
                foreach (var (value, node) in list)
                {
                    yield return (value, node, null);
                }

                yield break;
            }

            var (min, minNode) = entry.Min!.Value;
            var (max, maxNode) = entry.Max!.Value;
            yield return (min, minNode, null);
            yield return (max, maxNode, null);
            if (design == SweepDesignKind.Grid && entry.Steps is var (steps, stepsNode) && steps > 2)
            {
                var grid = new Factor(entry.Key, min, max, steps: steps).GridValues();
                for (var i = 1; i < grid.Count - 1; i++)
                {
                    yield return (grid[i], stepsNode, string.Create(CultureInfo.InvariantCulture, $"{steps} steps from {RunReport.Number(min)} to {RunReport.Number(max)} give {grid[i]:0.###}, not accepted (choose steps so that (max − min)/(steps − 1) suits the field, or list the values)"));
                }
            }
        }

        /// <summary>Checks the key with a value its field accepts; the field's wholeness when the key is good, null (and problems at the key) when not.</summary>
        private bool? CheckKey(FactorEntry entry, string baseReference, Scenario scenario)
        {
            var key = entry.Key;
            string? refused = key switch
            {
                "replications" => "replications is the spec's own `replications:` (the same for every point), not a factor",
                "seed" => "every point runs with the spec's `seed:` (common random numbers), so seed cannot be a factor",
                "horizon.start" => "horizon.start is a month, not a number a design can vary",
                "horizon.months" => "the points of a sweep share one horizon (their tables align month by month, and a sensitivity reads every point at the same end month); set it with horizon: in the base scenario, or sweep each horizon separately",
                "name" or "description" or "base" => $"{key} is text, not a number a design can vary",
                _ => null,
            };
            if (refused is not null)
            {
                Fail(entry.KeyNode, refused, "a factor key: " + SettingKeysAllowed);
                return null;
            }

            if (!Check(entry.KeyNode, baseReference, [$"{key}={RunReport.Number(Probe(key, scenario))}"], null))
            {
                return null;
            }

            return IsWhole(key);
        }

        /// <summary>A value the key's field accepts in this scenario (its current one); 0 for a key the scenario does not know, whose problem is then the key's.</summary>
        private static double Probe(string key, Scenario scenario)
        {
            if (key.StartsWith("levers.", StringComparison.Ordinal) && LeverCatalog.TryGet(key["levers.".Length..], out var lever))
            {
                return scenario.Levers.TryGetValue(lever.Name, out var set) ? set : Math.Clamp(0, lever.Min, lever.Max);
            }

            if (key.StartsWith("assumptions.", StringComparison.Ordinal) &&
                BaseYearDataset.Default.TryGetFigure(key["assumptions.".Length..], out var figure) && figure.Value is { } shipped)
            {
                return scenario.Assumptions.TryGetValue(figure.Id, out var set) ? set : shipped;
            }

            return key switch
            {
                "horizon.months" => scenario.Months,
                "synthetic_firms" => scenario.SyntheticFirms,
                _ => 0,
            };
        }

        private static bool IsWhole(string key)
        {
            if (key is "horizon.months" or "synthetic_firms")
            {
                return true;
            }

            if (key.StartsWith("levers.", StringComparison.Ordinal) && LeverCatalog.TryGet(key["levers.".Length..], out var lever))
            {
                return lever.Whole;
            }

            var data = BaseYearDataset.Default;
            return key.StartsWith("assumptions.", StringComparison.Ordinal) &&
                data.TryGetFigure(key["assumptions.".Length..], out var figure) &&
                data.OverrideDomain(figure) is { Whole: true };
        }

        /// <summary>Applies the settings to the base scenario; its problems (bar the base file's own) are reported at <paramref name="node"/>.</summary>
        private bool Check(YamlTreeNode node, string baseReference, IReadOnlyList<string> settings, string? context)
        {
            var result = SweepSpec.ResolveBase(baseReference, settings);
            if (result.IsValid)
            {
                return true;
            }

            foreach (var problem in result.Problems)
            {
                var message = context is null ? problem.Message : $"{context}: {problem.Message}";
                var setting = problem.File.StartsWith("--set ", StringComparison.Ordinal) && settings.Count > 1 ? $" ({problem.File["--set ".Length..]})" : string.Empty;
                problems.Add(node.Start, node.Path, message + setting, problem.Allowed);
            }

            failed = true;
            return false;
        }

        private List<SweepOutput>? ReadOutputs(YamlTreeMapping root)
        {
            const string allowed = "a list of indicators, each `indicator` (the district) or `indicator@scope` (a chain or a town), e.g. [industrial_output, new_urban_jobs]";
            var outputs = new List<SweepOutput>();
            if (Optional(root, "outputs") is not { } node)
            {
                return outputs;
            }

            if (node is not YamlTreeSequence list)
            {
                Fail(node, $"expected a list, found {node.Describe()}", allowed);
                return null;
            }

            if (list.Items.Count > MaxOutputs)
            {
                Fail(node, $"{list.Items.Count} outputs, over the limit of {MaxOutputs}", $"at most {MaxOutputs}");
                return null;
            }

            var ok = true;
            foreach (var item in list.Items)
            {
                if (item is not YamlTreeScalar { Kind: ScalarKind.Text } scalar)
                {
                    ok = false;
                    if (!item.IsRejected)
                    {
                        Fail(item, $"expected an indicator, found {item.Describe()}", allowed);
                    }

                    continue;
                }

                var at = scalar.Value.IndexOf('@', StringComparison.Ordinal);
                var indicator = at < 0 ? scalar.Value : scalar.Value[..at];
                var scope = at < 0 ? SeriesKey.DistrictScope : scalar.Value[(at + 1)..];
                var ids = IndicatorCatalog.All.Select(i => i.Id).ToList();
                if (!IndicatorCatalog.TryGet(indicator, out _))
                {
                    ok = false;
                    Fail(item, $"unknown indicator {ProblemText.Quote(indicator)}{NameSuggester.Hint(indicator, ids)}", "indicators: " + ProblemText.List(ids));
                    continue;
                }

                var series = SeriesLayout.IndexOf(indicator, scope);
                if (series < 0)
                {
                    ok = false;
                    var scopes = SeriesLayout.All.Where(k => k.Indicator.Id == indicator).Select(k => k.Scope).ToList();
                    Fail(item, $"{indicator} has no scope {ProblemText.Quote(scope)}{NameSuggester.Hint(scope, scopes)}", $"{indicator}@SCOPE with SCOPE one of {ProblemText.List(scopes)}");
                    continue;
                }

                var output = new SweepOutput(indicator, SeriesLayout.All[series].Scope, series);
                if (outputs.Any(o => o.Series == series))
                {
                    ok = false;
                    Fail(item, $"{output.Label} is listed twice", "each output once");
                    continue;
                }

                outputs.Add(output);
            }

            return ok ? outputs : null;
        }

        private double? Number(YamlTreeNode node, string allowed)
        {
            if (node.IsRejected)
            {
                failed = true;
                return null;
            }

            return node switch
            {
                YamlTreeScalar { Kind: ScalarKind.Number } s when double.IsFinite(s.Number) => s.Number,
                YamlTreeScalar { Kind: ScalarKind.Number or ScalarKind.NonFinite } s => FailValue<double>(node, $"{ProblemText.Quote(s.Value)} is not a finite number", allowed),
                _ => FailValue<double>(node, $"expected a number, found {node.Describe()}", allowed + (node is YamlTreeScalar { IsPlain: false } ? " (write numbers without quotes)" : string.Empty)),
            };
        }

        private int? Whole(YamlTreeNode node, int min, int max, string allowed)
        {
            if (Number(node, allowed) is not { } number)
            {
                return null;
            }

            var text = ((YamlTreeScalar)node).Value;
            if (Math.Floor(number) != number)
            {
                return FailValue<int>(node, $"{text} is not a whole number", allowed);
            }

            return number < min || number > max ? FailValue<int>(node, $"{text} is out of range", allowed) : (int)number;
        }

        private ulong? Seed(YamlTreeNode node)
        {
            const string allowed = "a whole number from 0 to 18446744073709551615, the seed of every point";
            if (node is YamlTreeScalar { Kind: ScalarKind.Number, IsRejected: false } scalar)
            {
                var digits = scalar.Value.StartsWith('+') ? scalar.Value[1..] : scalar.Value;
                if (digits.Length > 0 && digits.All(char.IsAsciiDigit) && ulong.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var seed))
                {
                    return seed;
                }
            }

            return FailValue<ulong>(node, $"{node.Describe()} is not a seed", allowed);
        }

        private YamlTreeNode? Optional(YamlTreeMapping map, string key)
        {
            var node = map.Get(key);
            if (node is YamlTreeScalar { Kind: ScalarKind.Null, IsRejected: false } empty)
            {
                Fail(empty, "the field has no value", $"remove {key}, or give it a value");
                return null;
            }

            if (node is { IsRejected: true })
            {
                failed = true;
                return null;
            }

            return node;
        }

        private YamlTreeNode? Required(YamlTreeMapping map, string key, string allowed)
        {
            var node = map.Get(key);
            if (node is null)
            {
                if (complete)
                {
                    problems.Add(map.Start, map.Path.Length == 0 ? key : $"{map.Path}.{key}", "missing required field", allowed);
                }

                failed = true;
                return null;
            }

            return Optional(map, key);
        }

        private void Fail(YamlTreeNode node, string message, string allowed)
        {
            failed = true;
            problems.Add(node.Start, node.Path, message, allowed);
        }

        private T? FailValue<T>(YamlTreeNode node, string message, string allowed)
            where T : struct
        {
            Fail(node, message, allowed);
            return null;
        }

        private static string Count(int n, string thing) => string.Create(CultureInfo.InvariantCulture, $"{n} {thing}{(n == 1 ? string.Empty : "s")}");
    }
}
