using System.Text;
using LiubeiSim.Model.Scenarios;

namespace LiubeiSim.Model.District;

/// <summary>
/// Reads base-year YAML files into a <see cref="BaseYearDataset"/>, refusing any defect:
/// the dataset is the provenance of every number, so a bad quote or a silent gap must not load.
/// </summary>
public static partial class BaseYearDatasetLoader
{
    public const string BaseYearResource = "LiubeiSim.Model.Data.base-year-2022.yaml";
    public const string AssumptionsResource = "LiubeiSim.Model.Data.model-assumptions.yaml";
    public const string ReportResource = "LiubeiSim.Model.Data.report-zh.txt";

    /// <summary>What a project does in the district; the model wires each role differently.</summary>
    public static IReadOnlyList<string> ProjectRoles { get; } = ["industry", "innovation", "urban", "education"];


    public static string ReadResource(string name)
    {
        var assembly = typeof(BaseYearDatasetLoader).Assembly;
        using var stream = assembly.GetManifestResourceStream(name)
            ?? throw new InvalidDataException($"Embedded resource '{name}' is missing from {assembly.GetName().Name}.");
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }

    /// <summary>The dataset shipped in the product: the base year, then the model's assumptions.</summary>
    public static BaseYearDataset LoadEmbedded() => Load(
        [(BaseYearResource, ReadResource(BaseYearResource)), (AssumptionsResource, ReadResource(AssumptionsResource))],
        BaseYearDataset.ReportText);

    /// <summary>Loads files in order; reported sources must be verbatim substrings of <paramref name="reportText"/>.</summary>
    /// <exception cref="InvalidDataException">Any defect, naming the file, line and column, id and field.</exception>
    public static BaseYearDataset Load(IEnumerable<(string Name, string Yaml)> files, string reportText)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(reportText);

        ReportInfo? report = null;
        var entityDtos = new List<(string File, EntityDto Dto)>();
        var figureDtos = new List<(string File, FigureDto Dto)>();
        var baseYearDtos = new List<(string File, BaseYearDto Dto)>();
        var leverDtos = new List<(string File, LeverDto Dto)>();
        var unitDtos = new List<(string File, UnitDto Dto)>();
        foreach (var (name, yaml) in files)
        {
            var file = Parse(name, yaml);
            if (file.Report is { } r)
            {
                if (report is not null)
                {
                    throw new InvalidDataException($"{At(name, r)}: a second 'report' section; only one file may describe the report.");
                }

                report = ReadReport(name, r);
            }

            entityDtos.AddRange((file.Entities ?? []).Select(e => (name, e)));
            figureDtos.AddRange((file.Figures ?? []).Select(f => (name, f)));
            baseYearDtos.AddRange((file.BaseYears ?? []).Select(b => (name, b)));
            leverDtos.AddRange((file.Levers ?? []).Select(l => (name, l)));
            unitDtos.AddRange((file.Units ?? []).Select(u => (name, u)));
        }

        if (report is null)
        {
            throw new InvalidDataException("No 'report' section in any base-year file.");
        }

        var entities = ReadEntities(entityDtos);
        var figures = ReadFigures(figureDtos, entities, reportText);
        var baseYears = ReadBaseYears(baseYearDtos);
        var levers = ReadLevers(leverDtos, baseYears, figures);
        var units = ReadUnits(unitDtos);
        CheckAssumptionDomains(figureDtos, figures, units, levers);
        return new BaseYearDataset(report, entities, figures, baseYears, levers, units);
    }

    private static ReportInfo ReadReport(string file, ReportDto dto) => new(
        Required(file, dto, "report", "title", dto.Title),
        Required(file, dto, "report", "titleZh", dto.TitleZh),
        Required(file, dto, "report", "publication", dto.Publication),
        Required(file, dto, "report", "date", dto.Date));

    private static List<Entity> ReadEntities(List<(string File, EntityDto Dto)> dtos)
    {
        var entities = new List<Entity>();
        var seen = new Dictionary<string, (string File, EntityDto Dto)>(StringComparer.Ordinal);
        var codes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (file, dto) in dtos)
        {
            var id = Required(file, dto, "entity", "id", dto.Id);
            var what = $"entity '{id}'";
            if (seen.TryGetValue(id, out var first))
            {
                throw Defect(file, dto, what, "id", $"duplicate id; first defined at {At(first.File, first.Dto)}");
            }

            seen.Add(id, (file, dto));
            if (!EntityKindNames.TryParse(dto.Kind, out var kind))
            {
                throw Defect(file, dto, what, "kind", $"unknown kind '{dto.Kind}'; expected one of {string.Join(", ", EntityKindNames.All)}");
            }

            var code = string.IsNullOrWhiteSpace(dto.Code) ? null : dto.Code.Trim();
            if (code is not null && !codes.TryAdd(code, id))
            {
                throw Defect(file, dto, what, "code", $"code '{code}' is already used by entity '{codes[code]}'");
            }

            if (kind != EntityKind.Project && (dto.Chain is not null || dto.Town is not null || dto.Role is not null))
            {
                throw Defect(file, dto, what, "chain/town/role", "only projects have a chain, town or role");
            }

            if (dto.Role is not null && !ProjectRoles.Contains(dto.Role, StringComparer.Ordinal))
            {
                throw Defect(file, dto, what, "role", $"unknown role '{dto.Role}'; expected one of {string.Join(", ", ProjectRoles)}");
            }

            entities.Add(new Entity(
                id,
                code,
                kind,
                Required(file, dto, what, "name", dto.Name),
                Required(file, dto, what, "nameZh", dto.NameZh),
                dto.Chain,
                dto.Town,
                dto.Role));
        }

        // References resolve only once every entity is known, so files may list them in any order.
        var byId = entities.ToDictionary(e => e.Id, StringComparer.Ordinal);
        foreach (var entity in entities)
        {
            var (file, dto) = seen[entity.Id];
            CheckReference(file, dto, entity, "chain", entity.Chain, EntityKind.Chain, byId);
            CheckReference(file, dto, entity, "town", entity.Town, EntityKind.Town, byId);
        }

        return entities;
    }

    private static void CheckReference(string file, EntityDto dto, Entity entity, string field, string? target, EntityKind expected, Dictionary<string, Entity> byId)
    {
        if (target is null)
        {
            return;
        }

        if (!byId.TryGetValue(target, out var referenced))
        {
            throw Defect(file, dto, $"entity '{entity.Id}'", field, $"unknown entity '{target}'");
        }

        if (referenced.Kind != expected)
        {
            throw Defect(file, dto, $"entity '{entity.Id}'", field, $"'{target}' is a {referenced.Kind.ToName()}, not a {expected.ToName()}");
        }
    }

    private static List<BaseYearInfo> ReadBaseYears(List<(string File, BaseYearDto Dto)> dtos)
    {
        var years = new List<BaseYearInfo>();
        foreach (var (file, dto) in dtos)
        {
            if (dto.Year is not { } year || year is < 1949 or > 2100)
            {
                throw Defect(file, dto, "base year", "year", "missing or not a year from 1949 to 2100");
            }

            if (years.Any(y => y.Year == year))
            {
                throw Defect(file, dto, $"base year {year}", "year", "listed twice");
            }

            years.Add(new BaseYearInfo(year, Required(file, dto, $"base year {year}", "name", dto.Name)));
        }

        return years;
    }

    /// <summary>Levers with their ranges; each needs, for every base year, a default figure whose number lies in its range.</summary>
    private static List<LeverDefinition> ReadLevers(List<(string File, LeverDto Dto)> dtos, List<BaseYearInfo> baseYears, List<Figure> figures)
    {
        var figuresById = figures.ToDictionary(f => f.Id, StringComparer.Ordinal);
        var levers = new List<LeverDefinition>();
        foreach (var (file, dto) in dtos)
        {
            var id = Required(file, dto, "lever", "id", dto.Id);
            var what = $"lever '{id}'";
            if (levers.Any(l => l.Name == id))
            {
                throw Defect(file, dto, what, "id", "duplicate id");
            }

            if (dto.Min is not { } min || dto.Max is not { } max || !double.IsFinite(min) || !double.IsFinite(max) || min >= max)
            {
                throw Defect(file, dto, what, "min/max", "both needed, finite, with min below max");
            }

            var lever = new LeverDefinition(id, Required(file, dto, what, "unit", dto.Unit), min, max, Required(file, dto, what, "name", dto.Name), Required(file, dto, what, "moves", dto.Moves)) { Whole = dto.Whole ?? false };
            foreach (var baseYear in baseYears)
            {
                var figureId = lever.DefaultFigureId(baseYear.Year);
                if (!figuresById.TryGetValue(figureId, out var figure) || figure.Value is not { } value)
                {
                    throw Defect(file, dto, what, "id", $"no default for base year {baseYear.Year}: add a figure '{figureId}' with a number");
                }

                if (value < min || value > max)
                {
                    throw Defect(file, dto, what, "min/max", $"its default for base year {baseYear.Year} ({figureId} = {value.ToString(System.Globalization.CultureInfo.InvariantCulture)}) is outside the range");
                }
            }

            levers.Add(lever);
        }

        return levers;
    }

    private static List<Figure> ReadFigures(List<(string File, FigureDto Dto)> dtos, List<Entity> entities, string reportText)
    {
        var entityIds = entities.Select(e => e.Id).ToHashSet(StringComparer.Ordinal);
        var drafts = new List<FigureDraft>();
        var byId = new Dictionary<string, FigureDraft>(StringComparer.Ordinal);
        foreach (var (file, dto) in dtos)
        {
            var draft = ReadFigure(file, dto, entityIds, reportText);
            if (byId.TryGetValue(draft.Id, out var first))
            {
                throw Defect(file, dto, $"figure '{draft.Id}'", "id", $"duplicate id; first defined at {At(first.File, first.Dto)}");
            }

            byId.Add(draft.Id, draft);
            drafts.Add(draft);
        }

        var resolved = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var draft in drafts.Where(d => d.Kind == FigureKind.Derived))
        {
            Resolve(draft, byId, resolved, []);
        }

        return drafts
            .Select(d => new Figure(d.Id, d.Entity, d.Name, d.Kind == FigureKind.Derived ? resolved[d.Id] : d.Value, d.Text, d.Unit, d.Kind, d.Source))
            .ToList();
    }

    private static FigureDraft ReadFigure(string file, FigureDto dto, HashSet<string> entityIds, string reportText)
    {
        var id = Required(file, dto, "figure", "id", dto.Id);
        var what = $"figure '{id}'";
        var entity = Required(file, dto, what, "entity", dto.Entity);
        if (!entityIds.Contains(entity))
        {
            throw Defect(file, dto, what, "entity", $"unknown entity '{entity}'");
        }

        var name = Required(file, dto, what, "name", dto.Name);
        var unit = Required(file, dto, what, "unit", dto.Unit);
        if (!FigureKindNames.TryParse(dto.Kind, out var kind) || kind == FigureKind.Overridden)
        {
            throw Defect(file, dto, what, "kind", $"unknown kind '{dto.Kind}'; expected one of {string.Join(", ", FigureKindNames.Declarable)} (a figure is overridden only by a scenario)");
        }

        var source = Required(file, dto, what, "source", dto.Source);
        if (dto.Text is not null && string.IsNullOrWhiteSpace(dto.Text))
        {
            throw Defect(file, dto, what, "text", "empty text");
        }

        if (dto.Value is { } v && !double.IsFinite(v))
        {
            throw Defect(file, dto, what, "value", "not a finite number");
        }

        IReadOnlyList<string> references = [];
        switch (kind)
        {
            case FigureKind.Reported or FigureKind.Assumption:
                if (dto.Value is null && dto.Text is null)
                {
                    throw Defect(file, dto, what, "value", $"missing: a {kind.ToName()} figure needs a value (or a text for a stated fact)");
                }

                if (dto.Value is not null && dto.Text is not null)
                {
                    throw Defect(file, dto, what, "text", "both a value and a text; a figure is one or the other");
                }

                if (kind == FigureKind.Reported && !reportText.Contains(source, StringComparison.Ordinal))
                {
                    throw Defect(file, dto, what, "source", "not a verbatim substring of the report; copy the Chinese sentence exactly");
                }

                break;

            case FigureKind.NotStated:
                if (dto.Value is not null || dto.Text is not null)
                {
                    throw Defect(file, dto, what, dto.Value is not null ? "value" : "text", "a not-stated figure has no value: the number was lost in the report, never fill it in here");
                }

                break;

            case FigureKind.Derived:
                if (dto.Value is not null || dto.Text is not null)
                {
                    throw Defect(file, dto, what, dto.Value is not null ? "value" : "text", "a derived figure's value is computed from its formula in 'source'; do not write it");
                }

                try
                {
                    references = FormulaEvaluator.References(source);
                }
                catch (FormatException e)
                {
                    throw Defect(file, dto, what, "source", e.Message);
                }

                break;
        }

        return new FigureDraft(file, dto, id, entity, name, dto.Value, dto.Text, unit, kind, source, references);
    }

    /// <summary>Computes a derived figure after the derived figures it depends on (depth first), refusing cycles.</summary>
    private static double Resolve(FigureDraft draft, Dictionary<string, FigureDraft> byId, Dictionary<string, double> resolved, List<string> path)
    {
        if (resolved.TryGetValue(draft.Id, out var done))
        {
            return done;
        }

        if (path.Contains(draft.Id, StringComparer.Ordinal))
        {
            var cycle = string.Join(" -> ", path.SkipWhile(p => p != draft.Id).Append(draft.Id));
            throw Defect(draft.File, draft.Dto, $"figure '{draft.Id}'", "source", $"cyclic formula: {cycle}");
        }

        path.Add(draft.Id);
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var reference in draft.References)
        {
            if (!byId.TryGetValue(reference, out var target))
            {
                throw Defect(draft.File, draft.Dto, $"figure '{draft.Id}'", "source", $"formula references unknown figure '{reference}'");
            }

            if (target.Kind == FigureKind.Derived)
            {
                values[reference] = Resolve(target, byId, resolved, path);
            }
            else if (target.Value is { } number)
            {
                values[reference] = number;
            }
            else
            {
                var why = target.Kind == FigureKind.NotStated ? "it is not stated" : "it is textual";
                throw Defect(draft.File, draft.Dto, $"figure '{draft.Id}'", "source", $"formula references '{reference}', which has no number ({why})");
            }
        }

        path.RemoveAt(path.Count - 1);
        var value = FormulaEvaluator.Evaluate(draft.Source, id => values[id]);
        if (!double.IsFinite(value))
        {
            throw Defect(draft.File, draft.Dto, $"figure '{draft.Id}'", "source", $"formula gives {value} (division by zero?)");
        }

        resolved[draft.Id] = value;
        return value;
    }

    private static string Required(string file, LocatedDto dto, string what, string field, string? value) =>
        string.IsNullOrWhiteSpace(value) ? throw Defect(file, dto, what, field, "missing or empty") : value.Trim();

    private static InvalidDataException Defect(string file, LocatedDto dto, string what, string field, string message) =>
        new($"{At(file, dto)}: {what}, field '{field}': {message}.");

    private static List<UnitDomain> ReadUnits(List<(string File, UnitDto Dto)> dtos)
    {
        var units = new List<UnitDomain>();
        foreach (var (file, dto) in dtos)
        {
            var unit = Required(file, dto, "unit", "unit", dto.Unit);
            var what = $"unit '{unit}'";
            if (units.Any(u => u.Unit == unit))
            {
                throw Defect(file, dto, what, "unit", "listed twice");
            }

            if (dto.Min is not { } min || dto.Max is not { } max || !double.IsFinite(min) || !double.IsFinite(max) || min >= max)
            {
                throw Defect(file, dto, what, "min/max", "both needed, finite, with min below max");
            }

            Required(file, dto, what, "reason", dto.Reason);
            units.Add(new UnitDomain(unit, min, max, dto.Whole ?? throw Defect(file, dto, what, "whole", "missing; true or false"), Required(file, dto, what, "meaning", dto.Meaning)));
        }

        return units;
    }

    /// <summary>
    /// Every numeric assumption lies in the domain a scenario's override of it must keep to: its lever's range for a
    /// lever default, else its unit's domain, so the shipped values pass the same check as a user's.
    /// </summary>
    private static void CheckAssumptionDomains(List<(string File, FigureDto Dto)> dtos, List<Figure> figures, List<UnitDomain> units, List<LeverDefinition> levers)
    {
        if (units.Count == 0)
        {
            // A dataset without a units section (a test's minimal files) declares no overridable domain.
            return;
        }

        var byId = figures.ToDictionary(f => f.Id, StringComparer.Ordinal);
        foreach (var (file, dto) in dtos)
        {
            var figure = byId[dto.Id!];
            if (figure.Kind != FigureKind.Assumption || figure.Value is not { } value)
            {
                continue;
            }

            var domain = BaseYearDataset.OverrideDomain(figure, units, levers);
            if (domain is null)
            {
                throw Defect(file, dto, $"figure '{figure.Id}'", "unit", $"unit '{figure.Unit}' has no domain; add it to the units section (min, max, whole, meaning)");
            }

            if (!domain.Allows(value))
            {
                throw Defect(file, dto, $"figure '{figure.Id}'", "value", $"{value.ToString("R", System.Globalization.CultureInfo.InvariantCulture)} is outside its domain, {domain.Describe()}");
            }
        }
    }

    private static string At(string file, LocatedDto dto) => $"{file}, line {dto.Line}, column {dto.Column}";

    private sealed record FigureDraft(
        string File,
        FigureDto Dto,
        string Id,
        string Entity,
        string Name,
        double? Value,
        string? Text,
        string Unit,
        FigureKind Kind,
        string Source,
        IReadOnlyList<string> References);

    /// <summary>A YAML mapping that remembers where it starts, so defects can name the line.</summary>
    private abstract class LocatedDto
    {
        public long Line { get; set; }

        public long Column { get; set; }
    }

    private sealed class FileDto : LocatedDto
    {
        public ReportDto? Report { get; set; }

        public List<EntityDto>? Entities { get; set; }

        public List<FigureDto>? Figures { get; set; }

        public List<BaseYearDto>? BaseYears { get; set; }

        public List<LeverDto>? Levers { get; set; }

        public List<UnitDto>? Units { get; set; }
    }

    private sealed class UnitDto : LocatedDto
    {
        public string? Unit { get; set; }

        public double? Min { get; set; }

        public double? Max { get; set; }

        public bool? Whole { get; set; }

        public string? Meaning { get; set; }

        /// <summary>Why the bounds are where they are: a domain is a number of the model like any other.</summary>
        public string? Reason { get; set; }
    }

    private sealed class BaseYearDto : LocatedDto
    {
        public int? Year { get; set; }

        public string? Name { get; set; }
    }

    private sealed class LeverDto : LocatedDto
    {
        public string? Id { get; set; }

        public string? Name { get; set; }

        public string? Unit { get; set; }

        public double? Min { get; set; }

        public double? Max { get; set; }

        public string? Moves { get; set; }

        public bool? Whole { get; set; }
    }

    private sealed class ReportDto : LocatedDto
    {
        public string? Title { get; set; }

        public string? TitleZh { get; set; }

        public string? Publication { get; set; }

        public string? Date { get; set; }
    }

    private sealed class EntityDto : LocatedDto
    {
        public string? Id { get; set; }

        public string? Code { get; set; }

        public string? Kind { get; set; }

        public string? Name { get; set; }

        public string? NameZh { get; set; }

        public string? Chain { get; set; }

        public string? Town { get; set; }

        public string? Role { get; set; }
    }

    private sealed class FigureDto : LocatedDto
    {
        public string? Id { get; set; }

        public string? Entity { get; set; }

        public string? Name { get; set; }

        public double? Value { get; set; }

        public string? Text { get; set; }

        public string? Unit { get; set; }

        public string? Kind { get; set; }

        public string? Source { get; set; }
    }
}
