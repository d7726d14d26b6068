using LiubeiSim.Model.Scenarios;
using static LiubeiSim.Model.Tests.Scenarios.ScenarioTestText;

namespace LiubeiSim.Model.Tests.Scenarios;

/// <summary>One test per class of error: each names the line, column, path and what is allowed.</summary>
public sealed class ScenarioProblemTests
{
    [Fact]
    public void Malformed_yaml_is_located()
    {
        var result = Parse("name: test\nbase: 2022\nhorizon:\n  start: 2023-01\n   months: 12\n");
        var problem = AssertProblem(result, 5, 10, "horizon.start", "the YAML is malformed: while scanning a plain scalar value, found invalid mapping", "well-formed YAML");

        // Fields after the syntax error are not reported missing: reading stopped before them.
        Assert.DoesNotContain(result.Problems, p => p.Message.Contains("missing", StringComparison.Ordinal));
        Assert.NotNull(problem);
    }

    [Fact]
    public void Unclosed_flow_list_is_a_problem_not_a_crash()
    {
        // YamlDotNet throws InvalidOperationException here; it must come back as a syntax problem.
        var result = Parse("name: test\nbase: [2022,\nhorizon: 3\n");
        AssertProblem(result, 3, 1, "base[1]", "the YAML is malformed here", "brackets closed");
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n\n  ")]
    public void Empty_file(string text) =>
        AssertSingleProblem(Parse(text), 1, 1, "(document)", "the file is empty", "name, base and horizon");

    [Fact]
    public void Only_comments() =>
        AssertSingleProblem(Parse("# a scenario\n# to be written\n"), 1, 1, "(document)", "only comments", "name, base and horizon");

    [Fact]
    public void Empty_document() =>
        AssertSingleProblem(Parse("---\n"), 1, 1, "(document)", "the document is empty", "name, base and horizon");

    [Theory]
    [InlineData("- name: test\n- base: 2022\n", "a list")]
    [InlineData("just text\n", "the text 'just text'")]
    [InlineData("42\n", "the number '42'")]
    public void Root_that_is_not_a_mapping(string text, string found) =>
        AssertSingleProblem(Parse(text), 1, 1, "(document)", $"the top level is {found}, not a mapping of fields", "name, description, base, horizon");

    [Fact]
    public void Nul_byte_is_binary()
    {
        var bytes = "name: test\nba\0se: 2022\n"u8.ToArray();
        AssertSingleProblem(ScenarioParser.ParseBytes(FileName, bytes), 2, 3, "(document)", "binary data (a NUL byte at offset 13)", "UTF-8 text");
        AssertSingleProblem(Parse("name: test\0"), 1, 11, "(document)", "binary data (a NUL character)", "UTF-8 text");
    }

    [Fact]
    public void Invalid_utf8_is_located_in_characters()
    {
        // "名" is three bytes but one column; 0xC3 0x28 is an invalid sequence.
        byte[] bytes = [.. "name: 名"u8, 0xC3, 0x28, .. "\n"u8];
        AssertSingleProblem(ScenarioParser.ParseBytes(FileName, bytes), 1, 8, "(document)", "not valid UTF-8 (byte 0xC3 at offset 9)", "UTF-8 text");
    }

    [Fact]
    public void Control_character_is_rejected() =>
        AssertSingleProblem(Parse("name: te\u0007st\n"), 1, 9, "(document)", "control character U+0007", "UTF-8 text");

    [Fact]
    public void File_over_256_KiB_is_rejected_before_reading()
    {
        var path = Path.Combine(Path.GetTempPath(), $"liubeisim-{Guid.NewGuid():N}.yaml");
        try
        {
            File.WriteAllText(path, Minimal + "# " + new string('x', ScenarioParser.MaxFileBytes) + "\n");
            var result = ScenarioParser.ParseFile(path);
            var problem = Assert.Single(result.Problems);
            Assert.StartsWith($"{path}:1:1: (document): the file is ", problem.ToString(), StringComparison.Ordinal);
            Assert.Contains("over the limit of 262144 bytes", problem.Message, StringComparison.Ordinal);
            Assert.Contains("at most 256 KiB", problem.Allowed, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void File_of_exactly_256_KiB_is_read()
    {
        var text = Minimal + "# ";
        text += new string('x', ScenarioParser.MaxFileBytes - text.Length - 1) + "\n";
        Assert.Equal(ScenarioParser.MaxFileBytes, System.Text.Encoding.UTF8.GetByteCount(text));
        AssertValid(Parse(text));
    }

    [Fact]
    public void Missing_file_is_a_problem()
    {
        var path = Path.Combine(Path.GetTempPath(), $"liubeisim-missing-{Guid.NewGuid():N}.yaml");
        AssertProblemIn(ScenarioParser.ParseFile(path), $"{path}:1:1: (document): no such file; ");
    }

    [Fact]
    public void Anchor_and_alias_are_rejected()
    {
        var result = Parse(Minimal + "levers:\n  services_growth: &g 5\n  modern_garment_growth: *g\n");
        AssertProblem(result, 7, 20, "levers.services_growth", "anchor &g is not allowed", "anchors (&) and aliases (*) are not supported");
        AssertProblem(result, 8, 26, "levers.modern_garment_growth", "alias *g is not allowed", "write each value out in full");
        Assert.Equal(2, result.Problems.Count);
    }

    [Fact]
    public void Nesting_deeper_than_16_levels_is_rejected()
    {
        // The root mapping is level 1 and the targets list level 2, so the 16th bracket opens level 17.
        var result = Parse(Minimal + "targets: " + new string('[', 16) + "1" + new string(']', 16) + "\n");
        AssertProblem(result, 6, 25, "targets" + string.Concat(Enumerable.Repeat("[0]", 15)), "nesting is deeper than 16 levels", "at most 16 levels");

        // 16 levels are structurally fine (the target item is merely of the wrong type).
        var fine = Parse(Minimal + "targets: " + new string('[', 15) + "1" + new string(']', 15) + "\n");
        AssertSingleProblem(fine, 6, 11, "targets[0]", "expected a target mapping, found a list", "each a mapping with indicator");
        Assert.DoesNotContain(fine.Problems, p => p.Message.Contains("nesting", StringComparison.Ordinal));
    }

    [Fact]
    public void Second_document_is_rejected() =>
        AssertSingleProblem(Parse(Minimal + "---\nname: other\n"), 6, 1, "(document)", "a second YAML document starts here", "one scenario per file");

    [Fact]
    public void Duplicate_key_reports_the_second_occurrence()
    {
        var result = Parse("name: test\nbase: 2022\nhorizon:\n  start: 2023-01\n  start: 2023-02\nname: again\n");
        AssertProblem(result, 5, 3, "horizon.start", "duplicate key 'start', already set on line 4", "each field at most once");
        AssertProblem(result, 6, 1, "name", "duplicate key 'name', already set on line 1", "each field at most once");
        Assert.Equal(2, result.Problems.Count);
    }

    [Fact]
    public void Unknown_fields_suggest_the_nearest_name()
    {
        var result = Parse(Minimal + """
            replicatoins: 10
            horizon2: 1
            shocks:
              - target: liubei
                varaible: credit
                variable: credit
                from: 2023-01
                months: 1
                change: 1
            targets:
              - indicator: gdp
                direction: at-least
                treshold: 1
                threshold: 1
            """);
        AssertProblem(result, 6, 1, "replicatoins", "unknown field 'replicatoins' (did you mean 'replications'?)", "the fields of a scenario: name, description, base, horizon, replications, seed, levers, assumptions, shocks, targets, synthetic_firms");
        AssertProblem(result, 7, 1, "horizon2", "unknown field 'horizon2' (did you mean 'horizon'?)");
        AssertProblem(result, 10, 5, "shocks[0].varaible", "unknown field 'varaible' (did you mean 'variable'?)", "the fields of a shock: name, target, variable, from, months, change");
        AssertProblem(result, 18, 5, "targets[0].treshold", "unknown field 'treshold' (did you mean 'threshold'?)", "the fields of a target: name, indicator, scope, direction, threshold, measure");
        Assert.Equal(4, result.Problems.Count);

        var far = Parse(Minimal + "colour: blue\n");
        var problem = AssertSingleProblem(far, 6, 1, "colour", "unknown field 'colour'");
        Assert.DoesNotContain("did you mean", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Wrong_types_are_reported_with_the_typing_rule()
    {
        var result = Parse("""
            name: 2023
            base: "2022"
            horizon: 2023-01
            replications: [1000]
            seed: yes
            levers:
              services_growth: true
            """);
        AssertProblem(result, 1, 7, "name", "expected text, found the number '2023'", "(to use it as text, quote it: \"2023\")");
        AssertProblem(result, 2, 7, "base", "expected a number, found the quoted text '2022'", "(write numbers without quotes)");
        AssertProblem(result, 3, 10, "horizon", "expected a mapping, found the text '2023-01'", "start (YYYY-MM) and months");
        AssertProblem(result, 4, 15, "replications", "expected a number, found a list", "from 1 to 1000000");
        AssertProblem(result, 5, 7, "seed", "expected a number, found the text 'yes'", "from 0 to 18446744073709551615");
        AssertProblem(result, 7, 20, "levers.services_growth", "expected a number, found the boolean true", "a number from -30 to 50 (%)");
        Assert.Equal(6, result.Problems.Count);
    }

    [Fact]
    public void Month_must_be_yyyy_mm()
    {
        var result = Parse("name: test\nbase: 2022\nhorizon:\n  start: 2023-1\n");
        AssertSingleProblem(result, 4, 10, "horizon.start", "'2023-1' is not a month written YYYY-MM", "2023-01 (YYYY-MM), the month after base 2022 ends");
        var number = Parse("name: test\nbase: 2022\nhorizon:\n  start: 202301\n");
        AssertSingleProblem(number, 4, 10, "horizon.start", "expected text, found the number '202301'", "YYYY-MM");
    }

    [Theory]
    [InlineData(".nan")]
    [InlineData(".NaN")]
    [InlineData("NaN")]
    [InlineData(".inf")]
    [InlineData("-.inf")]
    [InlineData("+.Inf")]
    [InlineData("Infinity")]
    [InlineData("-Infinity")]
    public void Non_finite_numbers_are_rejected(string value)
    {
        var result = Parse(Minimal + $"levers:\n  sgmw_demand_growth: {value}\n");
        AssertSingleProblem(result, 7, 23, "levers.sgmw_demand_growth", $"'{value}' is not a finite number", "a number from -50 to 100 (%)");
    }

    [Fact]
    public void Overflowing_number_is_rejected() =>
        AssertSingleProblem(Parse(Minimal + "levers:\n  sgmw_demand_growth: 1e999\n"), 7, 23, "levers.sgmw_demand_growth", "'1e999' is too large to be a number", "from -50 to 100");

    [Fact]
    public void Out_of_range_numbers_name_the_range()
    {
        var result = Parse("""
            name: test
            base: 2020
            horizon:
              start: 2023-01
              months: 121
            replications: 0
            seed: -1
            levers:
              sgmw_demand_growth: 100.5
              project_delay_months: 25
            """);
        AssertProblem(result, 2, 7, "base", "base year 2020 is not supported", "2022 (the report's year; a run projects the years after it) or 2021 (levels derived from the report");
        AssertProblem(result, 5, 11, "horizon.months", "121 is out of range", "from 1 to 120");
        AssertProblem(result, 6, 15, "replications", "0 is out of range", "from 1 to 1000000");
        AssertProblem(result, 7, 7, "seed", "-1 is out of range", "from 0 to 18446744073709551615");
        AssertProblem(result, 9, 23, "levers.sgmw_demand_growth", "100.5 is out of range", "a number from -50 to 100 (%)");
        AssertProblem(result, 10, 25, "levers.project_delay_months", "25 is out of range", "a whole number from 0 to 24 (months)");
        Assert.Equal(6, result.Problems.Count);

        AssertSingleProblem(Parse(Minimal + "replications: 12.5\n"), 6, 15, "replications", "12.5 is not a whole number", "from 1 to 1000000");
        AssertSingleProblem(Parse(Minimal + "seed: 18446744073709551616\n"), 6, 7, "seed", "18446744073709551616 is out of range", "to 18446744073709551615");
        AssertSingleProblem(Parse(Minimal + "seed: 1.5\n"), 6, 7, "seed", "1.5 is not a whole number written in digits", "from 0");
    }

    [Fact]
    public void Horizon_must_start_after_the_base_year()
    {
        AssertSingleProblem(Parse("name: test\nbase: 2022\nhorizon:\n  start: 2022-06\n"), 4, 10, "horizon.start", "2022-06 does not follow base 2022", "2023-01 (YYYY-MM), the month after base 2022 ends");
        AssertSingleProblem(Parse("name: test\nbase: 2021\nhorizon:\n  start: 2027-01\n"), 4, 10, "horizon.start", "2027-01 does not follow base 2021", "2022-01 (YYYY-MM), the month after base 2021 ends; to look at a later year, keep this start and raise months");
        AssertSingleProblem(Parse("name: test\nbase: 2022\nhorizon:\n  start: 2023-07\n"), 4, 10, "horizon.start", "2023-07 does not follow base 2022: the model starts from the end of the base year", "raise months (up to 120)");
    }

    [Theory]
    [InlineData("Bad_Name")]
    [InlineData("-leading-dash")]
    [InlineData("\"\"")]
    public void Name_must_be_kebab_case(string name)
    {
        var result = Parse(Minimal.Replace("name: test", "name: " + name, StringComparison.Ordinal));
        AssertSingleProblem(result, 1, 7, "name", "is not a valid scenario name", "lower-case letters, digits and '-'");
    }

    [Fact]
    public void Missing_required_fields_point_at_their_mapping()
    {
        var result = Parse("description: nothing else\nhorizon:\n  months: 3\n");
        AssertProblem(result, 1, 1, "name", "missing required field", "a name like sgmw-125-boost");
        AssertProblem(result, 1, 1, "base", "missing required field", "2022 (the report's year;");
        AssertProblem(result, 3, 3, "horizon.start", "missing required field", "YYYY-MM");
        Assert.Equal(3, result.Problems.Count);

        AssertSingleProblem(Parse("name:\nbase: 2022\nhorizon:\n  start: 2023-01\n"), 1, 6, "name", "no value given", "a name like");
    }

    [Fact]
    public void Unknown_lever_indicator_and_entity_suggest_or_list()
    {
        var result = Parse(Minimal + """
            levers:
              sgmw_demand_growht: 5
              interest_rate: 1
            shocks:
              - target: auto_parts
                variable: demand
                from: 2023-01
                months: 1
                change: 5
              - target: liubei
                variable: interest
                from: 2023-01
                months: 1
                change: 5
            targets:
              - indicator: industrial_outptu
                direction: at-least
                threshold: 1
              - indicator: gdp
                scope: nowhere
                direction: above
                threshold: 1
                measure: percent
            """);
        AssertProblem(result, 7, 3, "levers.sgmw_demand_growht", "unknown lever 'sgmw_demand_growht' (did you mean 'sgmw_demand_growth'?)", "levers: outside_capital_growth, sgmw_demand_growth,");
        var far = AssertProblem(result, 8, 3, "levers.interest_rate", "unknown lever 'interest_rate'", "rnd_programme_growth");
        Assert.DoesNotContain("did you mean", far.Message, StringComparison.Ordinal);
        AssertProblem(result, 10, 13, "shocks[0].target", "unknown entity 'auto_parts' (did you mean 'auto_parts_machinery'?)", "a demand shock targets a chain: tourism_equipment, prefab_construction, metal_processing_recycling, modern_garment, auto_parts_machinery, other_industry");
        AssertProblem(result, 16, 15, "shocks[1].variable", "unknown shock variable 'interest'", "one of demand, delay, outside_capital, credit");
        AssertProblem(result, 21, 16, "targets[0].indicator", "unknown indicator 'industrial_outptu' (did you mean 'industrial_output'?)", "one of gdp, industrial_output,");
        AssertProblem(result, 25, 12, "targets[1].scope", "unknown scope 'nowhere'", "gdp exists for district (the default)");
        AssertProblem(result, 26, 16, "targets[1].direction", "unknown direction 'above'", "one of at-least, at-most");
        AssertProblem(result, 28, 14, "targets[1].measure", "unknown measure 'percent'", "one of level, growth");
        Assert.Equal(8, result.Problems.Count);
    }

    [Fact]
    public void Tags_are_rejected()
    {
        var result = Parse(Minimal + "description: !!str 5\nlevers: !custom\n  services_growth: 1\n");
        AssertProblem(result, 6, 14, "description", "tag !!str is not allowed", "write text in quotes");
        AssertProblem(result, 7, 9, "levers", "tag !custom is not allowed", "plain values");
        Assert.Equal(2, result.Problems.Count);
    }

    [Fact]
    public void Tagged_node_is_not_looked_into()
    {
        // Only the tag is reported, not the bad month inside the tagged mapping.
        var result = Parse("name: test\nbase: 2022\nhorizon: !window {start: 2023-13}\n");
        AssertSingleProblem(result, 3, 10, "horizon", "tag !window is not allowed", "plain values");
    }

    [Fact]
    public void Non_scalar_key_is_rejected() =>
        AssertSingleProblem(Parse(Minimal + "? [a, b]\n: 1\n"), 6, 3, "(document)", "a key is a list", "plain field names");

    [Fact]
    public void Shock_outside_the_horizon_is_rejected()
    {
        var result = Parse(Minimal + """
            shocks:
              - target: liubei
                variable: credit
                from: 2024-01
                months: 6
                change: 5
              - target: liubei
                variable: credit
                from: 2022-07
                months: 6
                change: 5
              - target: liubei
                variable: credit
                from: 2022-07
                months: 7
                change: 5
            """);
        AssertProblem(result, 9, 11, "shocks[0].from", "the shock runs 2024-01..2024-06, entirely outside the horizon 2023-01..2023-12", "a shock that overlaps the horizon 2023-01..2023-12");
        AssertProblem(result, 14, 11, "shocks[1].from", "the shock runs 2022-07..2022-12, entirely outside the horizon");
        Assert.Equal(2, result.Problems.Count);
    }

    [Fact]
    public void Shock_variable_and_target_must_match()
    {
        var result = Parse(Minimal + """
            shocks:
              - target: boqiang_phase2
                variable: demand
                from: 2023-01
                months: 1
                change: 5
              - target: auto_parts_machinery
                variable: credit
                from: 2023-01
                months: 1
                change: 5
              - target: shatang
                variable: delay
                from: 2023-01
                months: 1
                change: 5
              - target: liubei
                variable: delay
                from: 2023-01
                months: 1
                change: 37
              - target: modern_garment
                variable: demand
                from: 2023-01
                months: 1
                change: -101
            """);
        AssertProblem(result, 7, 13, "shocks[0].target", "a demand shock cannot target the project 'boqiang_phase2'", "a demand shock targets a chain: tourism_equipment");
        AssertProblem(result, 12, 13, "shocks[1].target", "a credit shock cannot target the chain 'auto_parts_machinery'", "a credit shock targets the district: liubei");
        AssertProblem(result, 17, 13, "shocks[2].target", "a delay shock cannot target the town 'shatang'", "a delay shock targets a project (boqiang_phase2,");
        AssertProblem(result, 26, 13, "shocks[3].change", "37 is out of range", "months of delay, a whole number from 0 to 36");
        AssertProblem(result, 31, 13, "shocks[4].change", "-101 is out of range", "a percent change from -100 to 500");
        Assert.Equal(5, result.Problems.Count);
    }

    [Fact]
    public void Target_scope_must_be_one_the_indicator_has()
    {
        var result = Parse(Minimal + """
            targets:
              - indicator: new_urban_jobs
                scope: shatang
                direction: at-least
                threshold: 1
              - indicator: employment
                scope: boqiang_phase2
                direction: at-least
                threshold: 1
              - indicator: industrial_output
                scope: bailu
                direction: at-least
                threshold: -1
            """);
        AssertProblem(result, 8, 12, "targets[0].scope", "new_urban_jobs has no town scope, so it cannot be measured for 'shatang'", "new_urban_jobs exists for district (the default)");
        AssertProblem(result, 12, 12, "targets[1].scope", "the project 'boqiang_phase2' is not a scope", "a town: shatang, shibeiping");
        AssertProblem(result, 16, 12, "targets[2].scope", "industrial_output has no town scope", "a chain: tourism_equipment");
        AssertProblem(result, 18, 16, "targets[2].threshold", "-1 is out of range", "a level in 亿元, from 0");
        Assert.Equal(4, result.Problems.Count);
    }

    [Fact]
    public void Every_problem_is_reported_not_just_the_first()
    {
        var result = Parse("""
            name: Not_Valid
            base: 2023
            horizon:
              start: 2023-13
              months: 0
            replications: lots
            levers:
              sgmw_demand_growth: 500
              sgmw_demand_growth: 5
            shocks:
              - target: nowhere
                variable: demand
                from: 2023-01
                months: 1
                change: 1
            targets:
              - indicator: gdp
                direction: at-least
                threshold: .nan
            extra: 1
            """);
        Assert.Equal(
            [
                "t.yaml:1:7: name",
                "t.yaml:2:7: base",
                "t.yaml:4:10: horizon.start",
                "t.yaml:5:11: horizon.months",
                "t.yaml:6:15: replications",
                "t.yaml:8:23: levers.sgmw_demand_growth",
                "t.yaml:9:3: levers.sgmw_demand_growth",
                "t.yaml:11:13: shocks[0].target",
                "t.yaml:19:16: targets[0].threshold",
                "t.yaml:20:1: extra",
            ],
            result.Problems.Select(p => p.ToString().Split(": ")[0] + ": " + p.Path));
        Assert.All(result.Problems, p => Assert.Equal(p.File + ":" + p.Line + ":" + p.Column + ": " + p.Path + ": " + p.Message + "; " + p.Allowed, p.ToString()));
    }

    [Fact]
    public void Problem_count_is_capped_with_a_final_note()
    {
        var text = Minimal + "levers:\n" + string.Concat(Enumerable.Range(0, 300).Select(i => $"  unknown_{i}: 1\n"));
        var result = Parse(text);
        Assert.Equal(ProblemCollector.Limit + 1, result.Problems.Count);
        Assert.Contains("100 more problems not shown", result.Problems[^1].Message, StringComparison.Ordinal);
    }

    private static void AssertProblemIn(ScenarioParseResult result, string prefix)
    {
        Assert.Null(result.Scenario);
        Assert.Contains(result.Problems, p => p.ToString().StartsWith(prefix, StringComparison.Ordinal));
    }
}
