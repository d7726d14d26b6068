using LiubeiSim.Model.Scenarios;
using static LiubeiSim.Model.Tests.Scenarios.ScenarioTestText;

namespace LiubeiSim.Model.Tests.Scenarios;

/// <summary>What a valid file turns into: values, defaults, order, description.</summary>
public sealed class ScenarioParserTests
{
    [Fact]
    public void Minimal_file_takes_the_defaults()
    {
        var s = AssertValid(Parse(Minimal));
        Assert.Equal("test", s.Name);
        Assert.Equal(2022, s.BaseYear);
        Assert.Equal(new YearMonth(2023, 1), s.Start);
        Assert.Equal(12, s.Months);
        Assert.Equal(ScenarioParser.DefaultReplications, s.Replications);
        Assert.Equal(ScenarioParser.DefaultSeed, s.Seed);
        Assert.Empty(s.Levers);
        Assert.Empty(s.Shocks);
        Assert.Empty(s.Targets);
        Assert.Equal(string.Empty, s.Description);
    }

    [Fact]
    public void Full_file_is_read_field_by_field()
    {
        var s = AssertValid(Parse("""
            # Asks something.
            #   indented detail
            name: full-1
            description: "Explicit wins over the comment."
            base: 2021
            horizon:
              start: 2022-01
              months: 24
            replications: 250
            seed: 18446744073709551615
            levers:
              services_growth: 3.5
              sgmw_demand_growth: -10
              project_delay_months: 0
            shocks:
              - target: liubei
                variable: delay
                from: 2022-01
                months: 3
                change: 2
              - name: Cheap money
                target: "liubei"
                variable: credit
                from: '2022-05'
                months: 1
                change: 12.5
            targets:
              - indicator: employment
                scope: shatang
                direction: at-most
                threshold: 1000
              - name: Chain R&D
                indicator: rnd_spending
                scope: modern_garment
                direction: at-least
                threshold: 3
                measure: growth
            """));

        Assert.Equal("Explicit wins over the comment.", s.Description);
        Assert.Equal((2021, new YearMonth(2022, 1), 24, 250, ulong.MaxValue), (s.BaseYear, s.Start, s.Months, s.Replications, s.Seed));
        Assert.Equal(new YearMonth(2023, 12), s.End);

        // File order, not catalogue order.
        Assert.Equal([("services_growth", 3.5), ("sgmw_demand_growth", -10.0), ("project_delay_months", 0.0)], s.Levers.Select(kv => (kv.Key, kv.Value)));

        Assert.Equal(new Shock("delay on liubei", "liubei", ShockVariable.Delay, new YearMonth(2022, 1), 3, 2), s.Shocks[0]);
        Assert.Equal(new Shock("Cheap money", "liubei", ShockVariable.Credit, new YearMonth(2022, 5), 1, 12.5), s.Shocks[1]);

        Assert.Equal(new Target("employment in shatang <= 1000", "employment", "shatang", TargetDirection.AtMost, 1000, TargetMeasure.Level), s.Targets[0]);
        Assert.Equal(new Target("Chain R&D", "rnd_spending", "modern_garment", TargetDirection.AtLeast, 3, TargetMeasure.Growth), s.Targets[1]);
    }

    [Fact]
    public void Leading_comment_block_becomes_the_description()
    {
        var s = AssertValid(Parse("\n# What if it rains?\n#\n#   Indented stays indented.\n#No space after the hash.\n" + Minimal + "# not this one\n"));
        Assert.Equal("What if it rains?\n\n  Indented stays indented.\nNo space after the hash.", s.Description);
    }

    [Fact]
    public void District_scope_may_be_written_district_or_liubei_and_is_stored_as_district()
    {
        var s = AssertValid(Parse(Minimal + """
            targets:
              - indicator: gdp
                scope: district
                direction: at-least
                threshold: 1
              - indicator: gdp
                scope: liubei
                direction: at-least
                threshold: 1
                measure: level
            """));
        Assert.All(s.Targets, t => Assert.Equal("district", t.Scope));
        Assert.Equal("gdp >= 1", s.Targets[0].Name);
    }

    [Fact]
    public void Empty_optional_sections_are_allowed()
    {
        var s = AssertValid(Parse(Minimal + "description:\nlevers:\nshocks: []\ntargets:\n"));
        Assert.Empty(s.Levers);
    }

    [Fact]
    public void Byte_order_mark_and_crlf_line_ends_are_accepted()
    {
        var bytes = System.Text.Encoding.UTF8.GetPreamble().Concat(System.Text.Encoding.UTF8.GetBytes(Minimal.Replace("\n", "\r\n", StringComparison.Ordinal))).ToArray();
        Assert.Equal("test", AssertValid(ScenarioParser.ParseBytes(FileName, bytes)).Name);
    }

    [Fact]
    public void Problem_prints_as_a_compiler_style_line()
    {
        var problem = new ScenarioProblem("a.yaml", 3, 5, "levers.x", "bad", "good");
        Assert.Equal("a.yaml:3:5: levers.x: bad; good", problem.ToString());
    }
}
