using LiubeiSim.Model.InputOutput;
using LiubeiSim.Model.Randomness;
using LiubeiSim.Model.Scenarios;
using LiubeiSim.Model.Steps;

namespace LiubeiSim.Model.Parameters;

/// <summary>
/// Every number one run needs, resolved once from the base-year dataset, the scenario's levers and shocks and the
/// input-output table, as one record per entity kind. Immutable and deterministic: every engine, silo and shard
/// builds the same one (see <see cref="Build"/>).
/// </summary>
public sealed partial class ModelParameters
{
    public required Scenario Scenario { get; init; }

    public required IoTable Io { get; init; }

    public required HorizonTime Time { get; init; }

    /// <summary>Draws on, or off for the control forecast.</summary>
    public required Noise Noise { get; init; }

    public ulong Seed => Scenario.Seed;

    public int Months => Time.Months;

    public int BaseYear => Time.BaseYear;

    /// <summary>Lever values in force (the scenario's, else the base year's default), by lever name.</summary>
    public required IReadOnlyDictionary<string, double> Levers { get; init; }

    public required IReadOnlyList<ChainParameters> Chains { get; init; }

    public required ChainDynamics ChainDynamics { get; init; }

    public required IReadOnlyList<ProjectParameters> Projects { get; init; }

    public required IReadOnlyList<PipelineParameters> Pipelines { get; init; }

    public required ProjectDynamics ProjectDynamics { get; init; }

    public required IReadOnlyList<TownParameters> Towns { get; init; }

    public required PovertyParameters Poverty { get; init; }

    public required DistrictParameters District { get; init; }

    /// <summary>The scenario's synthetic firms (none unless it asks for them).</summary>
    public required FirmPopulation Firms { get; init; }

    /// <summary>Monthly volatility of a synthetic firm's own output shock.</summary>
    public required double FirmVolatility { get; init; }

    /// <summary>The control forecast the run's jobs-driven incomes and R&amp;D-driven certifications are measured against.</summary>
    public required ControlPath Control { get; init; }

    /// <summary>The base-year identities the model calibrated (investment by its parts, new urban jobs by theirs).</summary>
    public required BaseYearCalibration Calibration { get; init; }

    /// <summary>The base-year value of every series (the "2022" column), or null where no figure gives one.</summary>
    public required IReadOnlyList<double?> BaseValues { get; init; }

    /// <summary>The figure ids this build read from the dataset.</summary>
    public required IReadOnlySet<string> FiguresRead { get; init; }

    /// <summary>The run's Poisson tables, shared by its blocks (derived from the numbers above, never a number of its own).</summary>
    public PoissonTableCache PoissonTables { get; } = new();
}
