using LiubeiSim.Model.District;

namespace LiubeiSim.Model.Tests.District;

public sealed class BaseYearDatasetLoaderTests
{
    private const string Report = "全年完成区外境内到位资金98.9亿元,新引进项目56个,其中新引进工业项目47个。";

    private const string Header = """
        report:
          title: Test
          titleZh: 测试
          publication: 柳州日报
          date: 30 December
        entities:
          - {id: liubei, code: D, kind: district, name: Liubei District, nameZh: 柳北区}
          - {id: metal, code: I3, kind: chain, name: Metal, nameZh: 金属}
          - {id: bailu, code: T4, kind: town, name: Bailu, nameZh: 白露}
        figures:
          - id: D4
            entity: liubei
            name: Capital in place
            value: 98.9
            unit: 亿元
            kind: reported
            source: "全年完成区外境内到位资金98.9亿元"

        """;

    private static BaseYearDataset LoadWith(string figures, string? second = null)
    {
        List<(string, string)> files = [("test.yaml", Header + figures)];
        if (second is not null)
        {
            files.Add(("second.yaml", second));
        }

        return BaseYearDatasetLoader.Load(files, Report);
    }

    private static string Fails(string figures, string? second = null) =>
        Assert.Throws<InvalidDataException>(() => LoadWith(figures, second)).Message;

    [Fact]
    public void A_valid_file_loads_and_computes_derived_figures_in_dependency_order()
    {
        var data = LoadWith("""
              - {id: X.b, entity: liubei, name: b, unit: x, kind: derived, source: "{X.a} * 2"}
              - {id: X.a, entity: liubei, name: a, unit: x, kind: derived, source: "({D4} - 8.9) / 10"}
              - {id: X.gap, entity: liubei, name: gap, unit: x, kind: not-stated, source: "lost"}
            """);
        Assert.Equal(9, data.Number("X.a"), 1e-12);
        Assert.Equal(18, data.Number("X.b"), 1e-12);
        Assert.Equal(["D4", "X.b", "X.a", "X.gap"], data.Figures.Select(f => f.Id));
        Assert.Equal("测试", data.Report.TitleZh);
    }

    [Fact]
    public void Figures_of_a_second_file_follow_and_may_be_assumptions()
    {
        var data = LoadWith("", """
            figures:
              - {id: A.level, entity: liubei, name: level, value: 560.45, unit: 亿元, kind: assumption, source: "Government work report"}
            """);
        Assert.Equal(["D4", "A.level"], data.Figures.Select(f => f.Id));
        Assert.Equal(FigureKind.Assumption, data.GetFigure("A.level").Kind);
    }

    [Fact]
    public void Duplicate_figure_id_is_named_with_both_places()
    {
        var message = Fails("""
              - {id: D4, entity: liubei, name: again, value: 1, unit: x, kind: reported, source: "新引进项目56个"}
            """);
        Assert.Contains("'D4'", message, StringComparison.Ordinal);
        Assert.Contains("duplicate", message, StringComparison.Ordinal);
        Assert.Contains("test.yaml, line 18", message, StringComparison.Ordinal);
        Assert.Contains("line 11", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_across_files_is_refused()
    {
        var message = Fails("", """
            figures:
              - {id: D4, entity: liubei, name: level, value: 1, unit: x, kind: assumption, source: "guess"}
            """);
        Assert.Contains("second.yaml", message, StringComparison.Ordinal);
        Assert.Contains("'D4'", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_quote_that_is_not_verbatim_is_refused_naming_the_figure_and_field()
    {
        var message = Fails("""
              - {id: D5, entity: liubei, name: projects, value: 56, unit: projects, kind: reported, source: "新引进项目 56 个"}
            """);
        Assert.Contains("'D5'", message, StringComparison.Ordinal);
        Assert.Contains("'source'", message, StringComparison.Ordinal);
        Assert.Contains("verbatim", message, StringComparison.Ordinal);
        Assert.Contains("test.yaml, line 18, column 5", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cyclic_formula_is_refused_naming_the_cycle()
    {
        var message = Fails("""
              - {id: C.a, entity: liubei, name: a, unit: x, kind: derived, source: "{C.b} + 1"}
              - {id: C.b, entity: liubei, name: b, unit: x, kind: derived, source: "{C.c} * {D4}"}
              - {id: C.c, entity: liubei, name: c, unit: x, kind: derived, source: "{C.a} / 2"}
            """);
        Assert.Contains("cyclic", message, StringComparison.Ordinal);
        Assert.Contains("C.a -> C.b -> C.c -> C.a", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_self_referencing_formula_is_cyclic()
    {
        var message = Fails("""
              - {id: C.self, entity: liubei, name: a, unit: x, kind: derived, source: "{C.self} + 1"}
            """);
        Assert.Contains("'C.self'", message, StringComparison.Ordinal);
        Assert.Contains("cyclic", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_formula_over_an_unknown_id_is_refused()
    {
        var message = Fails("""
              - {id: F.x, entity: liubei, name: x, unit: x, kind: derived, source: "{D4} / {D99}"}
            """);
        Assert.Contains("'F.x'", message, StringComparison.Ordinal);
        Assert.Contains("'D99'", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_formula_over_a_not_stated_figure_is_refused()
    {
        var message = Fails("""
              - {id: G.gap, entity: liubei, name: gap, unit: x, kind: not-stated, source: "lost"}
              - {id: G.x, entity: liubei, name: x, unit: x, kind: derived, source: "{G.gap} * 2"}
            """);
        Assert.Contains("'G.x'", message, StringComparison.Ordinal);
        Assert.Contains("not stated", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_formula_with_bad_syntax_is_refused()
    {
        var message = Fails("""
              - {id: S.x, entity: liubei, name: x, unit: x, kind: derived, source: "{D4} * (2 + "}
            """);
        Assert.Contains("'S.x'", message, StringComparison.Ordinal);
        Assert.Contains("'source'", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_number_on_a_not_stated_figure_is_refused()
    {
        var message = Fails("""
              - {id: D13, entity: liubei, name: land, value: 1200, unit: 亩, kind: not-stated, source: "新增城镇建设用地规模亩 — lost"}
            """);
        Assert.Contains("'D13'", message, StringComparison.Ordinal);
        Assert.Contains("'value'", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("reported", "\"全年完成区外境内到位资金98.9亿元\"")]
    [InlineData("assumption", "guess")]
    public void A_missing_value_is_refused_unless_text_is_given(string kind, string source)
    {
        var message = Fails($$"""
              - {id: M.x, entity: liubei, name: x, unit: x, kind: {{kind}}, source: {{source}}}
            """);
        Assert.Contains("'M.x'", message, StringComparison.Ordinal);
        Assert.Contains("'value'", message, StringComparison.Ordinal);

        var data = LoadWith($$"""
              - {id: M.x, entity: liubei, name: x, text: started, unit: stage, kind: {{kind}}, source: {{source}}}
            """);
        Assert.Equal("started", data.GetFigure("M.x").Text);
    }

    [Fact]
    public void A_written_value_on_a_derived_figure_is_refused()
    {
        var message = Fails("""
              - {id: W.x, entity: liubei, name: x, value: 3, unit: x, kind: derived, source: "{D4}"}
            """);
        Assert.Contains("'W.x'", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_kinds_and_entities_are_refused()
    {
        Assert.Contains("'kind'", Fails("""
              - {id: K.x, entity: liubei, name: x, value: 1, unit: x, kind: guessed, source: "s"}
            """), StringComparison.Ordinal);
        Assert.Contains("unknown entity 'nowhere'", Fails("""
              - {id: K.y, entity: nowhere, name: x, value: 1, unit: x, kind: assumption, source: "s"}
            """), StringComparison.Ordinal);
    }

    [Fact]
    public void Project_references_must_be_a_chain_and_a_town()
    {
        var message = Assert.Throws<InvalidDataException>(() => BaseYearDatasetLoader.Load(
            [("p.yaml", Header.Replace("figures:", """
                  - {id: p1, code: P1, kind: project, name: P, nameZh: 项, chain: bailu, role: industry}
                figures:
                """, StringComparison.Ordinal))],
            Report)).Message;
        Assert.Contains("entity 'p1'", message, StringComparison.Ordinal);
        Assert.Contains("'chain'", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Yaml_errors_name_the_file_and_line()
    {
        var message = Fails("""
              - {id: Y.x, entity: liubei, name: x, value: lots, unit: x, kind: assumption, source: s}
            """);
        Assert.Contains("test.yaml, line 18", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_fields_are_refused()
    {
        var message = Fails("""
              - {id: U.x, entity: liubei, name: x, value: 1, unit: x, kind: assumption, source: s, note: extra}
            """);
        Assert.Contains("test.yaml", message, StringComparison.Ordinal);
        Assert.Contains("note", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("  - {id: T.x, entity: liubei, name: {en: x}, value: 1, unit: x, kind: assumption, source: s}", 18, 37, "'figures[1].name' must be a single value, not a mapping")]
    [InlineData("  - {id: T.x, entity: liubei, name: x, value: [1], unit: x, kind: assumption, source: s}", 18, 47, "'figures[1].value' must be a number")]
    [InlineData("  - {id: T.x, entity: liubei, name: x, value: .inf, unit: x, kind: assumption, source: s}", 18, 5, "field 'value': not a finite number")]
    [InlineData("  - &f {id: T.x, entity: liubei, name: x, value: 1, unit: x, kind: assumption, source: s}", 18, 5, "anchor &f is not allowed")]
    [InlineData("  - {id: T.x, entity: liubei, name: x, value: 1, value: 2, unit: x, kind: assumption, source: s}", 18, 50, "duplicate key 'value'")]
    [InlineData("  - just text", 18, 5, "a figure must be a mapping of 'field: value' lines, not the text 'just text'")]
    public void Values_of_the_wrong_shape_are_refused_where_they_are(string figure, int line, int column, string expected)
    {
        var message = Fails(figure);
        Assert.Contains($"test.yaml, line {line}, column {column}: ", message, StringComparison.Ordinal);
        Assert.Contains(expected, message, StringComparison.Ordinal);
    }

    [Fact]
    public void Lists_base_years_and_switches_of_the_wrong_kind_are_refused()
    {
        Assert.Contains("'entities' must be a list", Assert.Throws<InvalidDataException>(() =>
            BaseYearDatasetLoader.Load([("e.yaml", "entities: {id: x}")], Report)).Message, StringComparison.Ordinal);
        Assert.Contains("e.yaml, line 1, column 20: 'baseYears[0].year' must be a whole number", Assert.Throws<InvalidDataException>(() =>
            BaseYearDatasetLoader.Load([("e.yaml", "baseYears: [{year: 2022.5}]")], Report)).Message, StringComparison.Ordinal);
        Assert.Contains("e.yaml, line 1, column 20: 'baseYears[0].year' must be a whole number such as 2022, not the text 'abc'", Assert.Throws<InvalidDataException>(() =>
            BaseYearDatasetLoader.Load([("e.yaml", "baseYears: [{year: abc}]")], Report)).Message, StringComparison.Ordinal);
        Assert.Contains("'units[0].whole' must be true or false, not the text 'yes'", Assert.Throws<InvalidDataException>(() =>
            BaseYearDatasetLoader.Load([("e.yaml", "units: [{unit: x, whole: yes}]")], Report)).Message, StringComparison.Ordinal);
        Assert.Contains("unknown field 'chapter' in the report", Assert.Throws<InvalidDataException>(() =>
            BaseYearDatasetLoader.Load([("e.yaml", "report: {title: t, chapter: 3}")], Report)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_quoted_number_reads_as_the_number_and_a_plain_one_as_text_where_text_is_asked()
    {
        var data = LoadWith("""
              - {id: Q.x, entity: liubei, name: 2022, value: "12.5", unit: x, kind: assumption, source: s}
            """);
        Assert.Equal(12.5, data.Number("Q.x"));
        Assert.Equal("2022", data.Figures.Single(f => f.Id == "Q.x").Name);
    }

    [Fact]
    public void A_missing_report_section_is_refused()
    {
        Assert.Throws<InvalidDataException>(() => BaseYearDatasetLoader.Load([("x.yaml", "figures: []")], Report));
    }
}
