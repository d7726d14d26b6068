namespace LiubeiSim.Grains.Admission;

/// <summary>
/// The <c>Admission</c> settings: how much memory simulations may hold on a silo, and each owner's share of the
/// cluster's runs. The silo holding the run catalog applies its own, so give every silo the same section (as <c>Runs</c>).
/// </summary>
public sealed class AdmissionOptions
{
    public const string Section = "Admission";

    /// <summary>
    /// The memory runs, sweep points and comparisons may hold at once, as a size (<c>2GiB</c>, <c>1500MiB</c>); empty:
    /// <see cref="MemoryFraction"/> of what the runtime may use (the container's limit less the runtime's 25 %,
    /// <c>DOTNET_GCHeapHardLimit</c>, or the machine's memory).
    /// </summary>
    public string MemoryBudget { get; set; } = string.Empty;

    /// <summary>The share of the available memory simulations may hold when <see cref="MemoryBudget"/> is empty.</summary>
    public double MemoryFraction { get; set; } = Model.Admission.MemoryBudget.DefaultFraction;

    /// <summary>Runs one owner (API key) may have queued or running at once; one more answers 429. 0: no limit.</summary>
    public int MaxRunsPerOwner { get; set; } = 10;

    /// <summary>
    /// Replication-months one owner may submit in any hour (synthetic firms weighing in as extra entities); a run over
    /// it answers 429 with the time until enough of the hour's runs age out. 0: no limit. The default, 500 million, is
    /// over an hour of simulation on a 2-core silo.
    /// </summary>
    public long MaxReplicationMonthsPerOwnerPerHour { get; set; } = 500_000_000;

    /// <summary>How long a reservation of memory (a comparison, a sweep) holds without being renewed; its holder renews it a few times within.</summary>
    public TimeSpan ReservationLease { get; set; } = TimeSpan.FromMinutes(2);

    public const string MemoryBudgetSetting = Section + ":" + nameof(MemoryBudget);
    public const string MemoryFractionSetting = Section + ":" + nameof(MemoryFraction);
}
