using Spectre.Console;

namespace LiubeiSim.Cli.Hosting;

/// <summary>Where a command writes: tables and progress go to <see cref="Out"/>; machine output (JSON, YAML) to <see cref="Raw"/>; problems to <see cref="Error"/>.</summary>
/// <remarks>Tests build one over string writers, so every command can be run and read in process.</remarks>
public sealed class CliConsole(IAnsiConsole @out, TextWriter raw, TextWriter error, bool isInteractive)
{
    public IAnsiConsole Out { get; } = @out;

    public TextWriter Raw { get; } = raw;

    public TextWriter Error { get; } = error;

    /// <summary>True when stdout is a terminal: live progress bars instead of plain progress lines.</summary>
    public bool IsInteractive { get; } = isInteractive;

    public static CliConsole FromProcess()
    {
        var stdout = Console.Out;
        var ansi = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(stdout),
        });
        if (Console.IsOutputRedirected)
        {
            // Redirected output has no width; wide enough that tables do not wrap ids mid-word.
            ansi.Profile.Width = 160;
        }

        return new CliConsole(ansi, stdout, Console.Error, !Console.IsOutputRedirected);
    }

    public static CliConsole ForWriters(TextWriter stdout, TextWriter stderr, int width = 160)
    {
        var ansi = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(stdout),
        });
        ansi.Profile.Width = width;
        return new CliConsole(ansi, stdout, stderr, isInteractive: false);
    }
}
