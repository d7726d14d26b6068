namespace LiubeiSim.Model.Steps;

/// <summary>What a town sends for one month: jobs located there and the income index of its people lifted out of poverty (base year = 1 a year).</summary>
public sealed class TownContribution(int count)
{
    public double[] Employment { get; } = new double[count];

    public double[] PovertyIncome { get; } = new double[count];
}
