using LiubeiSim.Model.District;
using LiubeiSim.Model.Engine;
using LiubeiSim.Model.Parameters;
using LiubeiSim.Model.Scenarios;

namespace LiubeiSim.Host.Workbench.District;

/// <summary>
/// What the district page shows: the base-year dataset (the loader the CLI's <c>baseline</c> uses), the report's text
/// the reported figures quote, and the input-output table with its multipliers as a run summarises them.
/// </summary>
public sealed class DistrictData
{
    /// <summary>The built-in scenario whose parameters give the multipliers: the base year as the model runs it, no overrides.</summary>
    public const string MultiplierScenario = "baseline-2023";

    private readonly Lazy<ModelParameters> _parameters;

    public DistrictData(BaseYearDataset dataset, string reportText)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(reportText);
        Dataset = dataset;
        ReportText = reportText;
        // Built on first look at the input-output tab only: assembling parameters records the control path.
        _parameters = new(() => ModelParameters.Build(dataset, ScenarioLibrary.Load(MultiplierScenario)), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public BaseYearDataset Dataset { get; }

    /// <summary>The Chinese report as embedded in the model (report-zh.txt).</summary>
    public string ReportText { get; }

    /// <summary>The table the model runs with (the default, an assumption documented in its CSV).</summary>
    public LiubeiSim.Model.InputOutput.IoTable Io => _parameters.Value.Io;

    /// <summary>Type I multipliers exactly as a run's summary computes them (<see cref="RunAccumulator.Summarise"/>).</summary>
    public IoSummary Multipliers => RunAccumulator.Summarise(_parameters.Value);

    /// <summary>The chains in table order (<see cref="DistrictIds.Chains"/>), as entities for their names.</summary>
    public IReadOnlyList<Entity> Chains => [.. DistrictIds.Chains.Select(Dataset.GetEntity)];
}
