// Runs a scenario with LiubeiSim.Model and prints each district indicator's P10, P50 and P90 at the end of the
// horizon, then each target's probability. The numbers are those of `liubeisim run` for the same scenario, settings,
// seed and replications, bit for bit: printed in round-trip form ("R") so that a script can check exactly that.
//
//   dotnet run --project examples/csharp/LiubeiSim.Example -- baseline-2023 -r 200 -s 7 --set levers.sgmw_demand_growth=20
using System.Globalization;
using LiubeiSim.Model.Engine;
using LiubeiSim.Model.Scenarios;

if (Arguments.Parse(args) is not { } options)
{
    Console.Error.WriteLine("usage: LiubeiSim.Example SCENARIO [-r REPLICATIONS] [-s SEED] [--set KEY=VALUE]...");
    return 2;
}

var parsed = ScenarioLibrary.Resolve(options.Scenario, options.Settings);
if (!parsed.IsValid)
{
    foreach (var problem in parsed.Problems)
    {
        Console.Error.WriteLine(problem);
    }

    return 1;
}

var scenario = parsed.Scenario!;
if (options.Replications is { } replications)
{
    scenario = scenario.WithReplications(replications);
}

if (options.Seed is { } seed)
{
    scenario = scenario.WithSeed(seed);
}

var result = InProcessEngine.Run(scenario);

Console.WriteLine($"{scenario.Name}: {scenario.Replications} replications, seed {scenario.Seed}, {scenario.Start}..{scenario.End}");
Console.WriteLine($"{"indicator",-32} {"scope",-10} {"P10",-22} {"P50",-22} P90");
foreach (var key in SeriesLayout.All.Where(k => k.Scope == SeriesKey.DistrictScope))
{
    var s = result.End(key.Index);
    Console.WriteLine($"{key.Indicator.Id,-32} {key.Scope,-10} {R(s.P10),-22} {R(s.P50),-22} {R(s.P90)}");
}

Console.WriteLine();
foreach (var target in result.Targets)
{
    Console.WriteLine($"target {target.Target.Name}: P(meet) = {R(target.Probability)}");
}

return 0;

static string R(double value) => value.ToString("R", CultureInfo.InvariantCulture);

/// <summary>The few options this example takes, by hand: an example should not need a command-line library.</summary>
internal sealed record Arguments(string Scenario, int? Replications, ulong? Seed, IReadOnlyList<string> Settings)
{
    public static Arguments? Parse(string[] args)
    {
        string? scenario = null;
        int? replications = null;
        ulong? seed = null;
        var settings = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "-r" or "--replications" when int.TryParse(value, CultureInfo.InvariantCulture, out var r):
                    replications = r;
                    i++;
                    break;
                case "-s" or "--seed" when ulong.TryParse(value, CultureInfo.InvariantCulture, out var s):
                    seed = s;
                    i++;
                    break;
                case "--set" when value is not null:
                    settings.Add(value);
                    i++;
                    break;
                case var positional when scenario is null && !positional.StartsWith('-'):
                    scenario = positional;
                    break;
                default:
                    return null;
            }
        }

        return scenario is null ? null : new Arguments(scenario, replications, seed, settings);
    }
}
