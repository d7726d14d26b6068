using System.CommandLine;
using LiubeiSim.Cli.Hosting;

namespace LiubeiSim.Cli.Running;

public static class RunCommand
{
    public static RootCommand AddRunCommand(this RootCommand root, CliConsole console)
    {
        _ = console;
        return root;
    }
}
