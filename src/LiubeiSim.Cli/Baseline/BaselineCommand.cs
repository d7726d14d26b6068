using System.CommandLine;
using LiubeiSim.Cli.Hosting;

namespace LiubeiSim.Cli.Baseline;

public static class BaselineCommand
{
    public static RootCommand AddBaselineCommand(this RootCommand root, CliConsole console)
    {
        _ = console;
        return root;
    }
}
