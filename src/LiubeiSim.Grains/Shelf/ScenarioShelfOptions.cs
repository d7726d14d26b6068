using LiubeiSim.Model.Scenarios;
using Microsoft.Extensions.Options;

namespace LiubeiSim.Grains.Shelf;

/// <summary>
/// The <c>Shelf</c> settings: how much one owner may keep on the scenario shelf. The silo holding an owner's shelf
/// applies its own, so give every silo the same section (as <c>Runs</c>).
/// </summary>
public sealed class ScenarioShelfOptions
{
    public const string Section = "Shelf";

    /// <summary>
    /// Saved scenarios one owner may keep; one more (under a new name) is refused. A shelf is one grain state, read
    /// whole on activation and written whole on each save, so this and <see cref="MaxScenarioBytes"/> bound that write.
    /// </summary>
    public int MaxScenariosPerOwner { get; set; } = 200;

    /// <summary>Largest YAML saved, in UTF-8 bytes; at most what the scenario parser reads (256 KiB), since nothing larger could be validated.</summary>
    public int MaxScenarioBytes { get; set; } = ScenarioParser.MaxFileBytes;

    /// <summary>Refuses limits the shelf cannot work with when the silo starts, naming the setting.</summary>
    internal sealed class Validation : IValidateOptions<ScenarioShelfOptions>
    {
        public ValidateOptionsResult Validate(string? name, ScenarioShelfOptions options)
        {
            var failures = new List<string>();
            if (options.MaxScenariosPerOwner < 1)
            {
                failures.Add($"{Section}:{nameof(MaxScenariosPerOwner)} must be at least 1, got {options.MaxScenariosPerOwner}");
            }

            if (options.MaxScenarioBytes < 1 || options.MaxScenarioBytes > ScenarioParser.MaxFileBytes)
            {
                failures.Add($"{Section}:{nameof(MaxScenarioBytes)} must be from 1 to {ScenarioParser.MaxFileBytes} (the largest scenario file the parser reads), got {options.MaxScenarioBytes}");
            }

            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }
    }
}
