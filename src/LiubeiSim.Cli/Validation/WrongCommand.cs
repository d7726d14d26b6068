using LiubeiSim.Analysis.Sweeps;
using LiubeiSim.Cli.Hosting;
using LiubeiSim.Model.Scenarios;

namespace LiubeiSim.Cli.Validation;

/// <summary>
/// A file given to the command for the other kind: a sweep spec to <c>run</c>, a scenario to <c>sweep</c>. Read as the
/// wrong kind it fails field by field, and <c>validate</c> (which tells the kinds apart) then calls it valid; this
/// names the kind and the command for it instead.
/// </summary>
public static class WrongCommand
{
    /// <summary>True (and says so) when <paramref name="nameOrPath"/>, given where a scenario belongs, is a sweep spec.</summary>
    public static bool IsSweepSpecForScenario(CliConsole console, string nameOrPath, string command)
    {
        if (!SweepSpecParser.IsSweepSpec(nameOrPath))
        {
            return false;
        }

        console.Error.WriteLine(
            $"{nameOrPath}: a sweep spec (it has factors:), not a scenario, so `liubeisim {command}` does not take it. " +
            $"Run it with `liubeisim sweep {nameOrPath}` (or `liubeisim sensitivity {nameOrPath} --method sobol`), or give {command} a scenario (`liubeisim scenarios list`).");
        return true;
    }

    /// <summary>True (and says so) when <paramref name="path"/>, given where a sweep spec belongs, is a valid scenario or a built-in's name.</summary>
    public static bool IsScenarioForSweepSpec(CliConsole console, string path, string command)
    {
        if (SweepSpecParser.IsSweepSpec(path) || !ScenarioLibrary.Resolve(path).IsValid)
        {
            return false;
        }

        console.Error.WriteLine(
            $"{path}: a scenario, not a sweep spec, so `liubeisim {command}` does not take it. Run it with `liubeisim run {path}`; " +
            $"to vary its levers, write a spec with base: {(ScenarioLibrary.Names.Contains(path) ? path : Path.GetFullPath(path))} and factors: (`liubeisim {command} --help` has an example).");
        return true;
    }
}
