using LiubeiSim.Model.Engine;

namespace LiubeiSim.Model.Steps;

/// <summary>
/// What every entity reads of the previous month, for one block of replications: chain output and employment
/// after the input-output solve, and the capacity and jobs projects have added so far. Arrays are chain-major
/// (or town-major), each row a vector over the block's replications.
/// </summary>
public sealed class DistrictSnapshot
{
    public DistrictSnapshot(int count)
    {
        Count = count;
        Output = new double[ModelParameters.Chains * count];
        Employment = new double[ModelParameters.Chains * count];
        CapacityAdded = new double[ModelParameters.Chains * count];
        TownJobsAdded = new double[ModelParameters.Towns * count];
        FirmFactor = new double[ModelParameters.Chains * count];
        FirmFactor.AsSpan().Fill(1.0);
    }

    public int Count { get; }

    /// <summary>Monthly output of each chain, 亿元.</summary>
    public double[] Output { get; }

    public double[] Employment { get; }

    /// <summary>Annual output capacity added to each chain by completed projects since the horizon start, 亿元/year.</summary>
    public double[] CapacityAdded { get; }

    /// <summary>Jobs added in each town by completed projects since the horizon start.</summary>
    public double[] TownJobsAdded { get; }

    /// <summary>
    /// Granular factor on each chain's demand from its synthetic firms' shocks (1 without firms; read only when the
    /// scenario has firms, so a run without them computes exactly what it did before firms existed).
    /// </summary>
    public double[] FirmFactor { get; }

    /// <summary>The base-year state: output at its monthly base level, base employment, nothing added yet.</summary>
    public static DistrictSnapshot Initial(ModelParameters p, int count)
    {
        var s = new DistrictSnapshot(count);
        for (var c = 0; c < ModelParameters.Chains; c++)
        {
            s.Output.AsSpan(c * count, count).Fill(p.ChainOutput0[c] / 12);
            s.Employment.AsSpan(c * count, count).Fill(p.Employment0[c]);
        }

        return s;
    }

    public void CopyTo(DistrictSnapshot other)
    {
        Output.CopyTo(other.Output, 0);
        Employment.CopyTo(other.Employment, 0);
        CapacityAdded.CopyTo(other.CapacityAdded, 0);
        TownJobsAdded.CopyTo(other.TownJobsAdded, 0);
        FirmFactor.CopyTo(other.FirmFactor, 0);
    }
}
