using System.CommandLine;
using LiubeiSim.Cli.Hosting;

namespace LiubeiSim.Cli.Scenarios;

public static class ScenariosCommand
{
    public static RootCommand AddScenariosCommand(this RootCommand root, CliConsole console)
    {
        _ = console;
        return root;
    }
}
