using System.CommandLine;

namespace LiubeiSim.Cli.Hosting;

/// <summary><c>--set KEY=VALUE</c>, one definition for every command that reads a scenario.</summary>
public static class SetOption
{
    public const string Help =
        "Set a value over the scenario's, repeatable, checked like the file: levers.<lever>=N (see `liubeisim levers`), " +
        "assumptions.<figure id>=N (see `liubeisim baseline --kind assumption`), horizon.months=N, horizon.start=YYYY-MM, " +
        "replications=N, seed=N, name=..., base=YYYY. Example: --set levers.sgmw_demand_growth=20 --set assumptions.chain.auto_parts_machinery.jobs_per_output=55";

    public static Option<string[]> Create() => new("--set")
    {
        Description = Help,
        HelpName = "KEY=VALUE",
        Arity = ArgumentArity.ZeroOrMore,
        AllowMultipleArgumentsPerToken = false,
    };
}
