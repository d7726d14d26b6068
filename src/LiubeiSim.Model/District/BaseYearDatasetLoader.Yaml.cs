using System.Globalization;
using LiubeiSim.Model.Scenarios;

namespace LiubeiSim.Model.District;

/// <summary>
/// Base-year YAML into the loader's DTOs through the same position-keeping tree the scenarios are read with, field by
/// field. YamlDotNet's object deserializer did this by reflection (type inspection, emitted property setters, compiled
/// regular expressions), about 0.1 s of every cold start: each command loads the base year as its command line is built.
/// </summary>
public static partial class BaseYearDatasetLoader
{
    private static FileDto Parse(string name, string yaml)
    {
        var problems = new ProblemCollector(name);
        var root = YamlTree.Read(yaml, problems, out _);
        if (problems.Count > 0)
        {
            // The tree's own findings (malformed YAML, anchors, tags, duplicate keys): the first, where it is.
            var first = problems.ToList()[0];
            throw new InvalidDataException($"{name}, line {first.Line}, column {first.Column}: {first.Path}: {first.Message}; {first.Allowed}.");
        }

        if (root is null || root is YamlTreeScalar { Kind: ScalarKind.Null })
        {
            return new FileDto();
        }

        return Fields<FileDto>(name, root, "the file", "report, entities, figures, baseYears, levers, units", (dto, key, value) =>
        {
            switch (key)
            {
                case "report": dto.Report = value is YamlTreeScalar { Kind: ScalarKind.Null } ? null : ReadReportDto(name, value); break;
                case "entities": dto.Entities = List(name, value, ReadEntityDto); break;
                case "figures": dto.Figures = List(name, value, ReadFigureDto); break;
                case "baseYears": dto.BaseYears = List(name, value, ReadBaseYearDto); break;
                case "levers": dto.Levers = List(name, value, ReadLeverDto); break;
                case "units": dto.Units = List(name, value, ReadUnitDto); break;
                default: return false;
            }

            return true;
        });
    }

    private static ReportDto ReadReportDto(string file, YamlTreeNode node) =>
        Fields<ReportDto>(file, node, "'report'", "title, titleZh, publication, date", (dto, key, value) =>
        {
            switch (key)
            {
                case "title": dto.Title = Text(file, value); break;
                case "titleZh": dto.TitleZh = Text(file, value); break;
                case "publication": dto.Publication = Text(file, value); break;
                case "date": dto.Date = Text(file, value); break;
                default: return false;
            }

            return true;
        }, where: "the report");

    private static EntityDto ReadEntityDto(string file, YamlTreeNode node) =>
        Fields<EntityDto>(file, node, "an entity", "id, code, kind, name, nameZh, chain, town, role", (dto, key, value) =>
        {
            switch (key)
            {
                case "id": dto.Id = Text(file, value); break;
                case "code": dto.Code = Text(file, value); break;
                case "kind": dto.Kind = Text(file, value); break;
                case "name": dto.Name = Text(file, value); break;
                case "nameZh": dto.NameZh = Text(file, value); break;
                case "chain": dto.Chain = Text(file, value); break;
                case "town": dto.Town = Text(file, value); break;
                case "role": dto.Role = Text(file, value); break;
                default: return false;
            }

            return true;
        });

    private static FigureDto ReadFigureDto(string file, YamlTreeNode node) =>
        Fields<FigureDto>(file, node, "a figure", "id, entity, name, value, text, unit, kind, source", (dto, key, value) =>
        {
            switch (key)
            {
                case "id": dto.Id = Text(file, value); break;
                case "entity": dto.Entity = Text(file, value); break;
                case "name": dto.Name = Text(file, value); break;
                case "value": dto.Value = Number(file, value); break;
                case "text": dto.Text = Text(file, value); break;
                case "unit": dto.Unit = Text(file, value); break;
                case "kind": dto.Kind = Text(file, value); break;
                case "source": dto.Source = Text(file, value); break;
                default: return false;
            }

            return true;
        });

    private static BaseYearDto ReadBaseYearDto(string file, YamlTreeNode node) =>
        Fields<BaseYearDto>(file, node, "a base year", "year, name", (dto, key, value) =>
        {
            switch (key)
            {
                case "year": dto.Year = WholeNumber(file, value); break;
                case "name": dto.Name = Text(file, value); break;
                default: return false;
            }

            return true;
        });

    private static LeverDto ReadLeverDto(string file, YamlTreeNode node) =>
        Fields<LeverDto>(file, node, "a lever", "id, name, unit, min, max, moves, whole", (dto, key, value) =>
        {
            switch (key)
            {
                case "id": dto.Id = Text(file, value); break;
                case "name": dto.Name = Text(file, value); break;
                case "unit": dto.Unit = Text(file, value); break;
                case "min": dto.Min = Number(file, value); break;
                case "max": dto.Max = Number(file, value); break;
                case "moves": dto.Moves = Text(file, value); break;
                case "whole": dto.Whole = Boolean(file, value); break;
                default: return false;
            }

            return true;
        });

    private static UnitDto ReadUnitDto(string file, YamlTreeNode node) =>
        Fields<UnitDto>(file, node, "a unit", "unit, min, max, whole, meaning, reason", (dto, key, value) =>
        {
            switch (key)
            {
                case "unit": dto.Unit = Text(file, value); break;
                case "min": dto.Min = Number(file, value); break;
                case "max": dto.Max = Number(file, value); break;
                case "whole": dto.Whole = Boolean(file, value); break;
                case "meaning": dto.Meaning = Text(file, value); break;
                case "reason": dto.Reason = Text(file, value); break;
                default: return false;
            }

            return true;
        });

    /// <summary>
    /// A mapping into a new DTO stamped with where it starts, each entry through <paramref name="set"/>, which says
    /// whether it knows the key; an unknown key is refused with the <paramref name="fields"/> there are.
    /// </summary>
    private static T Fields<T>(string file, YamlTreeNode node, string what, string fields, Func<T, string, YamlTreeNode, bool> set, string? where = null)
        where T : LocatedDto, new()
    {
        var dto = Located<T>(file, node, what);
        foreach (var (key, value) in ((YamlTreeMapping)node).Entries)
        {
            if (!set(dto, key.Value, value))
            {
                throw UnknownField(file, key, where ?? what, fields);
            }
        }

        return dto;
    }

    /// <summary>A new DTO stamped with where its mapping starts; anything but a mapping is refused.</summary>
    private static T Located<T>(string file, YamlTreeNode node, string what)
        where T : LocatedDto, new() =>
        node is YamlTreeMapping
            ? new T { Line = node.Start.Line, Column = node.Start.Column }
            : throw Misread(file, node, $"{what} must be a mapping of 'field: value' lines, not {node.Describe()}");

    /// <summary>A list of mappings; an empty value is no list (the loader reads it as none).</summary>
    private static List<T>? List<T>(string file, YamlTreeNode node, Func<string, YamlTreeNode, T> read) => node switch
    {
        YamlTreeScalar { Kind: ScalarKind.Null } => null,
        YamlTreeSequence sequence => sequence.Items.Select(item => read(file, item)).ToList(),
        _ => throw Misread(file, node, $"'{node.Path}' must be a list ('- ' items), not {node.Describe()}"),
    };

    /// <summary>Any scalar as written (a plain 2022 is the text "2022"); an empty value is none.</summary>
    private static string? Text(string file, YamlTreeNode node) => node switch
    {
        YamlTreeScalar { Kind: ScalarKind.Null, IsPlain: true } => null,
        YamlTreeScalar scalar => scalar.Value,
        _ => throw Misread(file, node, $"'{node.Path}' must be a single value, not {node.Describe()}"),
    };

    /// <summary>A number, plain or quoted; .nan and .inf come through as NaN so the loader names them as not finite.</summary>
    private static double? Number(string file, YamlTreeNode node) =>
        node is YamlTreeScalar { Kind: ScalarKind.Null, IsPlain: true }
            ? null
            : NumericValue(node) ?? throw Misread(file, node, $"'{node.Path}' must be a number such as 98.9 or 1.5e3, not {node.Describe()}");

    /// <summary>A whole number, plain or quoted; anything else, text included, is asked for as a whole number.</summary>
    private static int? WholeNumber(string file, YamlTreeNode node) =>
        node is YamlTreeScalar { Kind: ScalarKind.Null, IsPlain: true } ? null
        : NumericValue(node) is { } value && double.IsInteger(value) && value >= int.MinValue && value <= int.MaxValue ? (int)value
        : throw Misread(file, node, $"'{node.Path}' must be a whole number such as 2022, not {node.Describe()}");

    /// <summary>The number a scalar holds, written plain or quoted (NaN for .nan and .inf); none for anything else.</summary>
    private static double? NumericValue(YamlTreeNode node) => node switch
    {
        YamlTreeScalar { Kind: ScalarKind.Number } scalar => scalar.Number,
        YamlTreeScalar { Kind: ScalarKind.NonFinite } => double.NaN,
        YamlTreeScalar { IsPlain: false } scalar when double.TryParse(scalar.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var quoted) => quoted,
        _ => null,
    };

    private static bool? Boolean(string file, YamlTreeNode node) => node switch
    {
        YamlTreeScalar { Kind: ScalarKind.Null, IsPlain: true } => null,
        YamlTreeScalar { Kind: ScalarKind.Boolean } scalar => scalar.Value is "true" or "True" or "TRUE",
        _ => throw Misread(file, node, $"'{node.Path}' must be true or false, not {node.Describe()}"),
    };

    private static InvalidDataException UnknownField(string file, YamlTreeScalar key, string where, string fields) =>
        Misread(file, key, $"unknown field '{key.Value}' in {where}; the fields are {fields}");

    private static InvalidDataException Misread(string file, YamlTreeNode node, string message) =>
        new($"{file}, line {node.Start.Line}, column {node.Start.Column}: {message}.");
}
