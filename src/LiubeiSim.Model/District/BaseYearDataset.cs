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

    internal BaseYearDataset(ReportInfo report, IReadOnlyList<Entity> entities, IReadOnlyList<Figure> figures, IReadOnlyList<BaseYearInfo> baseYears, IReadOnlyList<LeverDefinition> levers, IReadOnlyList<UnitDomain> units)
    {
        Report = report;
        BaseYears = baseYears.ToList().AsReadOnly();
        Levers = levers.ToList().AsReadOnly();
        Units = units.ToList().AsReadOnly();
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

    /// <summary>The domain of each unit numeric assumptions use (model-assumptions.yaml, <c>units</c>).</summary>
    public IReadOnlyList<UnitDomain> Units { get; }

    /// <summary>The figures a scenario replaced, by id (empty for the shipped dataset).</summary>
    public IReadOnlyDictionary<string, double> Overrides { get; private init; } = new Dictionary<string, double>(StringComparer.Ordinal);

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

    /// <summary>
    /// The values an override of <paramref name="figure"/> may take: its lever's range for a lever default
    /// (<c>base.&lt;year&gt;.lever.&lt;id&gt;</c>), else its unit's domain; null when neither is declared.
    /// </summary>
    public UnitDomain? OverrideDomain(Figure figure) => OverrideDomain(figure, Units, Levers);

    internal static UnitDomain? OverrideDomain(Figure figure, IReadOnlyList<UnitDomain> units, IReadOnlyList<LeverDefinition> levers)
    {
        var lever = levers.FirstOrDefault(l => figure.Id.StartsWith("base.", StringComparison.Ordinal) && figure.Id.EndsWith(".lever." + l.Name, StringComparison.Ordinal));
        if (lever is not null)
        {
            return new UnitDomain(lever.Unit, lever.Min, lever.Max, lever.Whole, $"the range of lever {lever.Name}");
        }

        return units.FirstOrDefault(u => u.Unit == figure.Unit);
    }

    /// <summary>
    /// This dataset with some assumptions replaced (kind <see cref="FigureKind.Overridden"/>, the source saying what
    /// they were) and every derived figure computed again from its formula, so a derived level follows its inputs.
    /// </summary>
    /// <param name="overrides">Figure id to its new value; each must be a numeric assumption and lie in its <see cref="OverrideDomain(Figure)"/>.</param>
    /// <param name="by">Who overrode them, for the source (a scenario's name).</param>
    /// <exception cref="ArgumentException">An id that is not a numeric assumption, or a value outside its domain.</exception>
    public BaseYearDataset WithOverrides(IReadOnlyDictionary<string, double> overrides, string by)
    {
        if (overrides.Count == 0)
        {
            return this;
        }

        var replaced = new Dictionary<string, Figure>(StringComparer.Ordinal);
        foreach (var (id, value) in overrides)
        {
            if (!_figures.TryGetValue(id, out var figure) || figure.Kind is not (FigureKind.Assumption or FigureKind.Overridden) || figure.Value is not { } was)
            {
                throw new ArgumentException($"Figure '{id}' cannot be overridden: only numeric assumptions can.", nameof(overrides));
            }

            if (OverrideDomain(figure) is not { } domain || !domain.Allows(value))
            {
                throw new ArgumentException($"Override {id} = {value.ToString("R", System.Globalization.CultureInfo.InvariantCulture)} is outside {OverrideDomain(figure)?.Describe() ?? "any declared domain"}.", nameof(overrides));
            }

            var source = $"Overridden by {by}: {value.ToString("R", System.Globalization.CultureInfo.InvariantCulture)} instead of {was.ToString("R", System.Globalization.CultureInfo.InvariantCulture)} (assumption: {figure.Source})";
            replaced[id] = figure with { Value = value, Kind = FigureKind.Overridden, Source = source };
        }

        // Derived figures again, from the new values: formulas were checked at load (no cycles, numbers only).
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        double ValueOf(string id)
        {
            if (values.TryGetValue(id, out var known))
            {
                return known;
            }

            var figure = replaced.TryGetValue(id, out var r) ? r : _figures[id];
            var value = figure.Kind == FigureKind.Derived
                ? FormulaEvaluator.Evaluate(figure.Source, ValueOf)
                : figure.Value ?? throw new InvalidOperationException($"Figure '{id}' has no number.");
            if (!double.IsFinite(value))
            {
                throw new ArgumentException($"With these overrides the derived figure {id} = {figure.Source} is not a finite number (a division by zero?).", nameof(overrides));
            }

            values[id] = value;
            return value;
        }

        var figures = Figures
            .Select(f => replaced.TryGetValue(f.Id, out var r) ? r : f.Kind == FigureKind.Derived ? f with { Value = ValueOf(f.Id) } : f)
            .ToList();
        var all = new Dictionary<string, double>(Overrides, StringComparer.Ordinal);
        foreach (var (id, value) in overrides)
        {
            all[id] = value;
        }

        return new BaseYearDataset(Report, Entities, figures, BaseYears, Levers, Units) { Overrides = all };
    }
}
