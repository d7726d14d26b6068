namespace LiubeiSim.Model.Parameters;

/// <summary>
/// The one definition of time in the model. Months are indexed year × 12 + (month − 1) (<see cref="Scenarios.YearMonth.Index"/>);
/// a run steps the months <see cref="Start"/> … <see cref="Start"/> + <see cref="Months"/> − 1 of its horizon.
/// </summary>
/// <remarks>
/// Growth is phased in month by month: a trend growing g % a year stands at (1 + g/100)^τ times its base-year mean,
/// τ being the years from the middle of the base year to the middle of the month. The base year's months average
/// to its level, each year after it averages g % more than the one before, and December to January is one month of
/// growth, never a whole year's.
/// </remarks>
public sealed record HorizonTime(int BaseYear, int Start, int Months)
{
    /// <summary>Middle of the base year, in months from its January: annual figures are averages centred there.</summary>
    private const double MiddleOfYear = 5.5;

    /// <summary>The absolute month index of horizon month <paramref name="month"/> (0 = the first simulated month).</summary>
    public int MonthIndex(int month) => Start + month;

    /// <summary>Years from the middle of the base year to the middle of month index <paramref name="monthIndex"/>.</summary>
    public double YearsFromBase(int monthIndex) => (monthIndex - (12 * BaseYear) - MiddleOfYear) / 12;

    /// <summary>The trend factor (1 + g/100)^τ of a growth rate <paramref name="percent"/> at month index <paramref name="monthIndex"/>.</summary>
    public double Growth(double percent, int monthIndex) => Math.Pow(1 + (percent / 100), YearsFromBase(monthIndex));

    /// <summary>Whether month index <paramref name="monthIndex"/> lies in the base year itself.</summary>
    public bool InBaseYear(int monthIndex) => monthIndex / 12 == BaseYear;

    /// <summary>Whether month index <paramref name="monthIndex"/> comes before the base year.</summary>
    public bool BeforeBaseYear(int monthIndex) => monthIndex < 12 * BaseYear;

    /// <summary>The month indices of the base year.</summary>
    public IEnumerable<int> BaseYearMonths => Enumerable.Range(12 * BaseYear, 12);
}
