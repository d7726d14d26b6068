using LiubeiSim.Model.Steps;

namespace LiubeiSim.Model.Parameters;

/// <summary>
/// The control forecast that jobs-driven incomes and R&amp;D-driven certifications are measured against, as REMI does:
/// every lever at its default, no shock, no synthetic firms, noise off, stepped by the very same step functions.
/// Row <c>m</c> holds what the control's snapshot read at the start of horizon month <c>m</c> (row 0: the base year).
/// </summary>
/// <remarks>
/// The control run fills its own path as it goes: before month m it records its snapshot, which its own steps then
/// read, so in the control every deviation from the control is exactly zero.
/// </remarks>
public sealed class ControlPath
{
    private readonly int _towns;
    private readonly double[] _townEmployment;
    private readonly double[] _rnd;
    private int _recorded;

    public ControlPath(int months, int towns)
    {
        Months = months;
        _towns = towns;
        _townEmployment = new double[months * towns];
        _rnd = new double[months];
    }

    public int Months { get; }

    public bool IsComplete => _recorded == Months;

    /// <summary>Jobs located in a town at the start of horizon month <paramref name="month"/> in the control.</summary>
    public double TownEmployment(int month, int town) => _townEmployment[(Row(month) * _towns) + town];

    /// <summary>District R&amp;D spending of the month before horizon month <paramref name="month"/> in the control, 亿元.</summary>
    public double Rnd(int month) => _rnd[Row(month)];

    /// <summary>Records the control run's snapshot (replication 0) before it steps horizon month <paramref name="month"/>.</summary>
    internal void Record(int month, DistrictSnapshot snapshot)
    {
        if (month != _recorded || month >= Months)
        {
            throw new InvalidOperationException($"The control path records months in order: expected month {_recorded}, got {month}.");
        }

        for (var town = 0; town < _towns; town++)
        {
            _townEmployment[(month * _towns) + town] = snapshot.TownEmployment[town * snapshot.Count];
        }

        _rnd[month] = snapshot.Rnd[0];
        _recorded++;
    }

    private int Row(int month) =>
        month < _recorded ? month : throw new InvalidOperationException($"The control path has {_recorded} of {Months} months; month {month} was read before the control reached it.");
}
