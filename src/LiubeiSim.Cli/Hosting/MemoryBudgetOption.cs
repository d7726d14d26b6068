using System.CommandLine;
using System.Globalization;
using LiubeiSim.Model.Admission;

namespace LiubeiSim.Cli.Hosting;

/// <summary>
/// <c>--memory-budget SIZE</c>, and the check every simulating command makes with it before it starts: the run's memory
/// estimate (the estimator the service admits runs with) against half of what the runtime may use here, or SIZE.
/// </summary>
public static class MemoryBudgetOption
{
    public const string Name = "--memory-budget";

    public static Option<string?> Create() => new(Name)
    {
        Description = "The memory this command may fill with simulation state, e.g. 12GiB or 800MiB. Default: half of what the .NET runtime may use " +
            "on this machine (or in this container). A run estimated above it is refused before it starts, saying how many replications would fit; " +
            "raise it when the machine has the memory to spare.",
        HelpName = "SIZE",
        Validators =
        {
            result =>
            {
                var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
                if (!ByteSize.TryParse(text, out _))
                {
                    result.AddError($"{Name}: expected {ByteSize.Accepted}, got '{text}'");
                }
            },
        },
    };

    /// <summary>The budget here: <paramref name="given"/> (a valid size, checked by the option) or the default share of the available memory.</summary>
    public static MemoryBudget Budget(string? given) =>
        MemoryBudget.Resolve(given, MemoryBudget.DefaultFraction, MemoryBudget.Available(), Name, null);

    /// <summary>
    /// True when <paramref name="cost"/> fits; otherwise prints why (the estimate, the budget, and <paramref name="change"/>:
    /// what to run instead) and returns false, before anything has started.
    /// </summary>
    public static bool Fits(CliConsole console, string label, string what, RunCost cost, MemoryBudget budget, string change)
    {
        if (cost.PeakBytes <= budget.Bytes)
        {
            return true;
        }

        console.Error.WriteLine($"{label}: not run; {what} needs about {ByteSize.Format(cost.PeakBytes)} of memory ({cost.Size}), over this machine's budget of {budget}. " +
            $"{change}, or give {Name} SIZE if this machine has the memory to spare.");
        return false;
    }

    /// <summary>"Run at most 730,000 replications here (-r 730000)" or, when not even one fits, what else to change.</summary>
    public static string FewerReplications(int most) => most > 0
        ? string.Create(CultureInfo.InvariantCulture, $"Run at most {most:N0} replications here (-r {most}), fewer months or fewer synthetic firms")
        : "Not even one replication fits: shorten the horizon or drop synthetic firms";
}
