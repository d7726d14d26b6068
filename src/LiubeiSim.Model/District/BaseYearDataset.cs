using System.Diagnostics.CodeAnalysis;
using LiubeiSim.Model.Scenarios;

namespace LiubeiSim.Model.District;

/// <summary>
/// The base year 2022: the report's entities and every figure with its provenance
/// (base-year-2022.yaml), followed by the model's named assumptions (model-assumptions.yaml).
/// </summary>
public sealed class BaseYearDataset
{
    private static readonly Lazy<BaseYearDataset> s_default = new(BaseYearDatasetLoader.LoadEmbedded, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lazy<string> s_reportText = new(() => BaseYearDatasetLoader.ReadResource(BaseYearDatasetLoader.ReportResource), LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly Dictionary<string, Entity> _entities;
    private readonly Dictionary<string, Figure> _figures;

    internal BaseYearDataset(ReportInfo report, IReadOnlyList<Entity> entities, IReadOnlyList<Figure> figures, IReadOnlyList<BaseYearInfo> baseYears, IReadOnlyList<LeverDefinition> levers)
    {
        Report = report;
        BaseYears = baseYears.ToList().AsReadOnly();
        Levers = levers.ToList().AsReadOnly();
        // Read-only wrappers over copies: the shared Default must not be mutable through a cast.
        Entities = entities.ToList().AsReadOnly();
        Figures = figures.ToList().AsReadOnly();
        _entities = entities.ToDictionary(e => e.Id, StringComparer.Ordinal);
        _figures = figures.ToDictionary(f => f.Id, StringComparer.Ordinal);
    }

    /// <summary>The dataset shipped inside the product, loaded once from the embedded resources.</summary>
    public static BaseYearDataset Default => s_default.Value;

    /// <summary>The Chinese report, as embedded (report-zh.txt): the authority every reported source is checked against.</summary>
    public static string ReportText => s_reportText.Value;

    public ReportInfo Report { get; }

    /// <summary>The years a run may start from (model-assumptions.yaml, <c>baseYears</c>).</summary>
    public IReadOnlyList<BaseYearInfo> BaseYears { get; }

    /// <summary>The levers a scenario may set, in file order (model-assumptions.yaml, <c>levers</c>).</summary>
    public IReadOnlyList<LeverDefinition> Levers { get; }

    /// <summary>Entities in file order.</summary>
    public IReadOnlyList<Entity> Entities { get; }

    /// <summary>Figures in file order: base-year-2022.yaml, then model-assumptions.yaml.</summary>
    public IReadOnlyList<Figure> Figures { get; }

    /// <summary>Loads from named YAML texts (name, yaml), checking reported sources against <see cref="ReportText"/>.</summary>
    /// <exception cref="InvalidDataException">Any defect, naming the file, line, figure and field.</exception>
    public static BaseYearDataset Load(IEnumerable<(string Name, string Yaml)> files) =>
        BaseYearDatasetLoader.Load(files, ReportText);

    public Entity GetEntity(string id) =>
        TryGetEntity(id, out var entity) ? entity : throw new KeyNotFoundException($"No entity with id '{id}' in the base-year dataset.");

    public bool TryGetEntity(string id, [MaybeNullWhen(false)] out Entity entity) =>
        _entities.TryGetValue(id, out entity);

    public Figure GetFigure(string id) =>
        TryGetFigure(id, out var figure) ? figure : throw new KeyNotFoundException($"No figure with id '{id}' in the base-year dataset.");

    public bool TryGetFigure(string id, [MaybeNullWhen(false)] out Figure figure) =>
        _figures.TryGetValue(id, out figure);

    /// <summary>The figure's number.</summary>
    /// <exception cref="InvalidOperationException">The figure is missing, textual or not stated: the model must not run on a silent gap.</exception>
    public double Number(string id)
    {
        if (!_figures.TryGetValue(id, out var figure))
        {
            throw new InvalidOperationException($"Figure '{id}' is not in the base-year dataset.");
        }

        if (figure.Value is not { } value)
        {
            var why = figure.Kind == FigureKind.NotStated
                ? "it is not stated (the number was lost in the report)"
                : $"it is textual ('{figure.Text}')";
            throw new InvalidOperationException($"Figure '{id}' has no number: {why}.");
        }

        return value;
    }

    /// <summary>The figure's text (a stated fact, or an assumption that names something, such as a chain's lever).</summary>
    /// <exception cref="InvalidOperationException">The figure is missing or holds a number rather than a text.</exception>
    public string Text(string id)
    {
        if (!_figures.TryGetValue(id, out var figure))
        {
            throw new InvalidOperationException($"Figure '{id}' is not in the base-year dataset.");
        }

        return figure.Text ?? throw new InvalidOperationException($"Figure '{id}' holds a number, not a text.");
    }

    public IEnumerable<Entity> OfKind(EntityKind kind) => Entities.Where(e => e.Kind == kind);
}
