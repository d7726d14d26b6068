namespace LiubeiSim.Model.Steps;

/// <summary>The channels of a chain's contribution.</summary>
public static class ChainChannels
{
    /// <summary>Final demand for the chain's products this month, 亿元 (project capacity is not in it).</summary>
    public const int FinalDemand = 0;

    /// <summary>Jobs of the chain's incumbent firms (project jobs are added by the district).</summary>
    public const int Employment = 1;

    /// <summary>R&amp;D spending this month, 亿元.</summary>
    public const int Rnd = 2;

    public const int Count = 3;
}

/// <summary>The channels of a named project's or a pipeline's contribution.</summary>
public static class ProjectChannels
{
    /// <summary>Investment disbursed this month, 亿元.</summary>
    public const int Investment = 0;

    public const int Introduced = 1;

    public const int IndustrialIntroduced = 2;

    public const int Started = 3;

    public const int Completed = 4;

    /// <summary>Annual output capacity added this month to the project's chain, 亿元 a year.</summary>
    public const int CapacityAdded = 5;

    /// <summary>Jobs added this month, in the project's chain and town.</summary>
    public const int JobsAdded = 6;

    /// <summary>Points of group-run schooling coverage gained this month.</summary>
    public const int CoverageGain = 7;

    public const int Count = 8;
}

/// <summary>The channel of a town's contribution.</summary>
public static class TownChannels
{
    /// <summary>This month's income of people lifted out of poverty, as a share of their base-year annual income.</summary>
    public const int PovertyIncome = 0;

    public const int Count = 1;
}

/// <summary>The channel of a synthetic firm's contribution.</summary>
public static class FirmChannels
{
    /// <summary>The firm's output this month, 亿元.</summary>
    public const int Output = 0;

    public const int Count = 1;
}
