using LiubeiSim.Model.District;
using LiubeiSim.Model.Scenarios;

namespace LiubeiSim.Cli.Levers;

/// <summary>A lever with its default for one base year and the figure that default comes from (kind and source).</summary>
/// <param name="Lever">The lever, as model-assumptions.yaml declares it.</param>
/// <param name="Figure">The figure <c>base.&lt;year&gt;.lever.&lt;name&gt;</c>.</param>
/// <param name="Value">The default: the figure's number (derived figures are already computed by the loader).</param>
public sealed record LeverDefault(LeverDefinition Lever, Figure Figure, double Value)
{
    /// <summary>Every lever of <paramref name="dataset"/>, in file order, with its default for <paramref name="baseYear"/>.</summary>
    /// <exception cref="InvalidOperationException">A default figure is missing or not a number (a defect of the shipped data).</exception>
    public static IReadOnlyList<LeverDefault> For(BaseYearDataset dataset, int baseYear)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        return
        [
            .. dataset.Levers.Select(lever =>
            {
                var id = lever.DefaultFigureId(baseYear);
                return new LeverDefault(lever, dataset.GetFigure(id), dataset.Number(id));
            }),
        ];
    }
}
