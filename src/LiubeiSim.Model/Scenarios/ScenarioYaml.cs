using System.Globalization;
using System.Text;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace LiubeiSim.Model.Scenarios;

/// <summary>
/// Writes a <see cref="Scenario"/> back as a scenario file that <see cref="ScenarioParser"/> reads to the same
/// scenario: the resolved form a run records (every <c>--set</c> folded in) so anyone can run it again.
/// </summary>
public static class ScenarioYaml
{
    public static string Write(Scenario scenario)
    {
        var text = new StringWriter(CultureInfo.InvariantCulture);
        var emitter = new Emitter(text);
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart());
        emitter.Emit(new MappingStart());
        // Quoted: a valid name such as 2023 would read back as a number.
        Pair(emitter, "name", scenario.Name, ScalarStyle.DoubleQuoted);
        if (scenario.Description.Length > 0)
        {
            Pair(emitter, "description", scenario.Description, ScalarStyle.DoubleQuoted);
        }

        Pair(emitter, "base", Number(scenario.BaseYear));
        Key(emitter, "horizon");
        emitter.Emit(new MappingStart());
        Pair(emitter, "start", scenario.Start.ToString());
        Pair(emitter, "months", Number(scenario.Months));
        emitter.Emit(new MappingEnd());
        Pair(emitter, "replications", Number(scenario.Replications));
        Pair(emitter, "seed", scenario.Seed.ToString(CultureInfo.InvariantCulture));
        if (scenario.SyntheticFirms > 0)
        {
            Pair(emitter, "synthetic_firms", Number(scenario.SyntheticFirms));
        }

        Numbers(emitter, "levers", scenario.Levers.OrderBy(l => l.Key, StringComparer.Ordinal));
        Numbers(emitter, "assumptions", scenario.Assumptions.OrderBy(a => a.Key, StringComparer.Ordinal));
        if (scenario.Shocks.Count > 0)
        {
            Key(emitter, "shocks");
            emitter.Emit(new SequenceStart(null, null, false, SequenceStyle.Block));
            foreach (var shock in scenario.Shocks)
            {
                emitter.Emit(new MappingStart());
                Pair(emitter, "name", shock.Name, ScalarStyle.DoubleQuoted);
                Pair(emitter, "target", shock.Target);
                Pair(emitter, "variable", ShockVariableName(shock.Variable));
                Pair(emitter, "from", shock.From.ToString());
                Pair(emitter, "months", Number(shock.Months));
                Pair(emitter, "change", Number(shock.Change));
                emitter.Emit(new MappingEnd());
            }

            emitter.Emit(new SequenceEnd());
        }

        if (scenario.Targets.Count > 0)
        {
            Key(emitter, "targets");
            emitter.Emit(new SequenceStart(null, null, false, SequenceStyle.Block));
            foreach (var target in scenario.Targets)
            {
                emitter.Emit(new MappingStart());
                Pair(emitter, "name", target.Name, ScalarStyle.DoubleQuoted);
                Pair(emitter, "indicator", target.Indicator);
                Pair(emitter, "scope", target.Scope);
                Pair(emitter, "direction", target.Direction == TargetDirection.AtLeast ? "at-least" : "at-most");
                Pair(emitter, "threshold", Number(target.Threshold));
                Pair(emitter, "measure", target.Measure == TargetMeasure.Growth ? "growth" : "level");
                emitter.Emit(new MappingEnd());
            }

            emitter.Emit(new SequenceEnd());
        }

        emitter.Emit(new MappingEnd());
        emitter.Emit(new DocumentEnd(true));
        emitter.Emit(new StreamEnd());
        return text.ToString();
    }

    public static string ShockVariableName(ShockVariable variable) => variable switch
    {
        ShockVariable.Demand => "demand",
        ShockVariable.Delay => "delay",
        ShockVariable.OutsideCapital => "outside_capital",
        _ => "credit",
    };

    private static void Numbers(IEmitter emitter, string key, IEnumerable<KeyValuePair<string, double>> values)
    {
        var list = values.ToList();
        if (list.Count == 0)
        {
            return;
        }

        Key(emitter, key);
        emitter.Emit(new MappingStart());
        foreach (var (name, value) in list)
        {
            Pair(emitter, name, Number(value));
        }

        emitter.Emit(new MappingEnd());
    }

    private static string Number(double value) => Output.RunReport.Number(value);

    private static void Key(IEmitter emitter, string key) => emitter.Emit(new Scalar(key));

    private static void Pair(IEmitter emitter, string key, string value, ScalarStyle style = ScalarStyle.Plain)
    {
        Key(emitter, key);
        emitter.Emit(new Scalar(null, null, value, style, true, true));
    }
}
