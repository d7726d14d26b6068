namespace LiubeiSim.Model.Scenarios;

/// <summary>A validated what-if scenario. Built only by <see cref="ScenarioParser"/>, so every value is in range.</summary>
/// <param name="Name">Scenario name (kebab-case).</param>
/// <param name="Description">The comment block or description: what the scenario asks.</param>
/// <param name="BaseYear">The base year the run starts from: 2022 (the report's year) or 2021 (levels derived from the report, for the backtest).</param>
/// <param name="Start">First simulated month.</param>
/// <param name="Months">Number of simulated months.</param>
/// <param name="Replications">Monte Carlo replications.</param>
/// <param name="Seed">Seed of the counter-based random streams.</param>
/// <param name="Levers">Lever values set by the scenario; levers not set take their base-year default.</param>
/// <param name="Shocks">Timed shocks, in file order.</param>
/// <param name="Targets">Targets, in file order.</param>
public sealed record Scenario(
    string Name,
    string Description,
    int BaseYear,
    YearMonth Start,
    int Months,
    int Replications,
    ulong Seed,
    IReadOnlyDictionary<string, double> Levers,
    IReadOnlyList<Shock> Shocks,
    IReadOnlyList<Target> Targets)
{
    public YearMonth End => Start.AddMonths(Months - 1);

    public Scenario WithReplications(int replications) => this with { Replications = replications };

    public Scenario WithSeed(ulong seed) => this with { Seed = seed };

    /// <summary>
    /// Synthetic firms attached to the chains (0, the default, for none). A what-if and benchmark option: the firms
    /// are generated from the seed (<see cref="Steps.FirmPopulation"/>), and their own shocks add up, share-weighted,
    /// to a granular shock on their chains' demand. With none, every output is the model's without firms, bit for bit.
    /// </summary>
    public int SyntheticFirms { get; init; }

    public Scenario WithSyntheticFirms(int firms) => this with { SyntheticFirms = firms };

    /// <summary>
    /// Assumptions the scenario replaces, by figure id (the file's <c>assumptions:</c> block and <c>--set
    /// assumptions.ID=VALUE</c>), sorted by id. Empty, the default, runs the shipped assumptions.
    /// </summary>
    public IReadOnlyDictionary<string, double> Assumptions { get; init; } = EmptyAssumptions;

    private static readonly IReadOnlyDictionary<string, double> EmptyAssumptions = new SortedDictionary<string, double>(StringComparer.Ordinal);
}
