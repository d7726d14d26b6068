using LiubeiSim.Model.Parameters;

namespace LiubeiSim.Model.Steps;

/// <summary>
/// What every entity reads of the previous month, for one block of replications, and the stocks the next reduce
/// carries on. Per-chain and per-town arrays are chain-major (town-major), each row a vector over the block.
/// </summary>
/// <remarks>
/// A block's two snapshots (<see cref="Following"/>) share the stocks (<see cref="Capacity"/>, <see cref="ProjectJobs"/>,
/// <see cref="ProjectTownJobs"/>) and <see cref="Employment"/> and <see cref="Rnd"/>: every reader of the previous
/// snapshot (the month's entities) is done before the month's reduce starts, and the reduce adds to the stocks in place
/// and reads each replication's employment and R&amp;D before it writes them. So a block holds them once,
/// (2 × chains + towns + 2) × 8 B a replication (160 B for the district's six chains and six towns), and no month copies
/// them forward. A snapshot handed out therefore changes when its part's next month is reduced. <see cref="Output"/>,
/// <see cref="TownEmployment"/> and <see cref="FirmFactor"/> are rewritten whole every month, so they are kept twice,
/// by choice: the reduce reads last month's output (the firms' factors) before it writes this month's.
/// </remarks>
public sealed class DistrictSnapshot
{
    /// <param name="chains">Chains of the run.</param>
    /// <param name="towns">Towns of the run.</param>
    /// <param name="count">Replications of the block.</param>
    /// <param name="firmFactors">Whether the run has synthetic firms: only then is <see cref="FirmFactor"/> kept (chains × 8 B a replication, read only with firms).</param>
    public DistrictSnapshot(int chains, int towns, int count, bool firmFactors)
    {
        Chains = chains;
        Towns = towns;
        Count = count;
        Output = new double[chains * count];
        Capacity = new double[chains * count];
        ProjectJobs = new double[chains * count];
        ProjectTownJobs = new double[towns * count];
        TownEmployment = new double[towns * count];
        Employment = new double[count];
        Rnd = new double[count];
        FirmFactor = firmFactors ? new double[chains * count] : [];
        FirmFactor.AsSpan().Fill(1.0);
    }

    public int Chains { get; }

    public int Towns { get; }

    public int Count { get; }

    /// <summary>Gross output of each chain this month, 亿元: x = L (f + k), project capacity included.</summary>
    public double[] Output { get; }

    /// <summary>Annual output capacity completed projects have added to each chain since the horizon start, 亿元 a year.</summary>
    public double[] Capacity { get; }

    /// <summary>Jobs completed projects have added to each chain since the horizon start.</summary>
    public double[] ProjectJobs { get; }

    /// <summary>The same project jobs, by the town they are in.</summary>
    public double[] ProjectTownJobs { get; }

    /// <summary>Jobs located in each town: its share of incumbent jobs plus the project jobs there.</summary>
    public double[] TownEmployment { get; }

    /// <summary>District employment: incumbent plus project jobs over every chain.</summary>
    public double[] Employment { get; }

    /// <summary>District R&amp;D spending this month, 亿元.</summary>
    public double[] Rnd { get; }

    /// <summary>
    /// Granular factor on each chain's demand from its synthetic firms' shocks (1 without firms; read only when the
    /// scenario has firms, so a run without them computes exactly what it would without the option). Empty without firms.
    /// </summary>
    public double[] FirmFactor { get; }

    /// <summary>The snapshot a block's reduce writes after <paramref name="previous"/>: arrays of its own for what entities read of last month, the stocks shared (see the remarks).</summary>
    public static DistrictSnapshot Following(DistrictSnapshot previous)
    {
        ArgumentNullException.ThrowIfNull(previous);
        return new DistrictSnapshot(previous);
    }

    private DistrictSnapshot(DistrictSnapshot sharing)
    {
        Chains = sharing.Chains;
        Towns = sharing.Towns;
        Count = sharing.Count;
        Output = new double[sharing.Output.Length];
        TownEmployment = new double[sharing.TownEmployment.Length];
        FirmFactor = new double[sharing.FirmFactor.Length];
        FirmFactor.AsSpan().Fill(1.0);
        Capacity = sharing.Capacity;
        ProjectJobs = sharing.ProjectJobs;
        ProjectTownJobs = sharing.ProjectTownJobs;
        Employment = sharing.Employment;
        Rnd = sharing.Rnd;
    }

    /// <summary>The base year's state: output at its monthly mean, base employment and R&amp;D, nothing added by projects.</summary>
    public static DistrictSnapshot Initial(ModelParameters p, int count)
    {
        var s = new DistrictSnapshot(p.Chains.Count, p.Towns.Count, count, p.Firms.Count > 0);
        var employment = 0.0;
        foreach (var chain in p.Chains)
        {
            s.Output.AsSpan(chain.Index * count, count).Fill(chain.Output0 / 12);
            employment += chain.Employment0;
        }

        foreach (var town in p.Towns)
        {
            s.TownEmployment.AsSpan(town.Index * count, count).Fill(town.JobShare * employment);
        }

        s.Employment.AsSpan().Fill(employment);
        s.Rnd.AsSpan().Fill(p.District.Rnd0 / 12);
        return s;
    }

    /// <summary>Monthly output of a chain's incumbent firms (gross output less the completed projects' own), replication <paramref name="i"/>.</summary>
    public double IncumbentOutput(int chain, int i) => Output[(chain * Count) + i] - (Capacity[(chain * Count) + i] / 12);

}
