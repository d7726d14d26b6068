using System.CommandLine;
using LiubeiSim.Cli.Hosting;

namespace LiubeiSim.Cli.Validation;

public static class ValidateCommand
{
    public static RootCommand AddValidateCommand(this RootCommand root, CliConsole console)
    {
        _ = console;
        return root;
    }
}
