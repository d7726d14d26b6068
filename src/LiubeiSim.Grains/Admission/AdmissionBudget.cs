using LiubeiSim.Model.Admission;
using Microsoft.Extensions.Options;

namespace LiubeiSim.Grains.Admission;

/// <summary>This silo's memory budget for simulations, resolved once from <see cref="AdmissionOptions"/> and the memory the runtime may use.</summary>
public sealed class AdmissionBudget(IOptions<AdmissionOptions> options)
{
    private readonly Lazy<MemoryBudget> _memory = new(() => Resolve(options.Value));

    public MemoryBudget Memory => _memory.Value;

    public AdmissionOptions Options => options.Value;

    /// <summary>The budget these settings give in this process; <see cref="ArgumentException"/> naming the setting when they are wrong.</summary>
    public static MemoryBudget Resolve(AdmissionOptions settings) =>
        MemoryBudget.Resolve(settings.MemoryBudget, settings.MemoryFraction, MemoryBudget.Available(), AdmissionOptions.MemoryBudgetSetting, AdmissionOptions.MemoryFractionSetting);

    /// <summary>Checks the settings when the silo starts, so a wrong size stops it with the setting's name rather than failing the first run.</summary>
    internal sealed class Validation : IValidateOptions<AdmissionOptions>
    {
        public ValidateOptionsResult Validate(string? name, AdmissionOptions settings)
        {
            try
            {
                _ = Resolve(settings);
            }
            catch (ArgumentException e)
            {
                return ValidateOptionsResult.Fail(e.Message);
            }

            return settings.MaxRunsPerOwner < 0 || settings.MaxReplicationMonthsPerOwnerPerHour < 0 || settings.ReservationLease <= TimeSpan.Zero
                ? ValidateOptionsResult.Fail($"{AdmissionOptions.Section}: MaxRunsPerOwner and MaxReplicationMonthsPerOwnerPerHour are 0 (no limit) or more, and ReservationLease is positive.")
                : ValidateOptionsResult.Success;
        }
    }
}
