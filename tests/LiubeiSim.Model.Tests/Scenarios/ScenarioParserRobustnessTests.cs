using System.Diagnostics;
using System.Text;
using CsCheck;
using LiubeiSim.Model.Scenarios;
using static LiubeiSim.Model.Tests.Scenarios.ScenarioTestText;

namespace LiubeiSim.Model.Tests.Scenarios;

/// <summary>Hostile and random input: the parser must answer quickly with problems, never throw or hang.</summary>
public sealed class ScenarioParserRobustnessTests
{
    private static readonly TimeSpan Quick = TimeSpan.FromSeconds(2);

    [Theory]
    [InlineData("' ': 1\n")]
    [InlineData("name: x\n\"\\t\": 1\n")]
    public void A_key_of_blanks_is_shown_quoted_in_the_path(string text)
    {
        // Found by Random_yaml_like_text_never_throws (CsCheck seed fbEtwYTqM7C2): the path of an unknown blank key was blank.
        var result = Parse(text);

        var problem = Assert.Single(result.Problems, p => p.Message.StartsWith("unknown field", StringComparison.Ordinal));
        Assert.Matches("^'\\s+'$", problem.Path);
        AssertWellFormed(result);
    }

    [Theory]
    [InlineData("|\n  text")]
    [InlineData("\"text\\n\"")]
    public void A_name_ending_in_a_line_break_is_refused(string name)
    {
        // Found by ValidateFuzzTests (CsCheck seed 7M5TiqxMx-p2): the name pattern's $ matched before a final line break,
        // so "text\n" passed as kebab-case and broke the one-line summary of validate.
        var result = Parse(Minimal.Replace("name: test", "name: " + name, StringComparison.Ordinal));

        Assert.Null(result.Scenario);
        Assert.Contains(result.Problems, p => p.Path == "name");
    }

    [Fact]
    public void Ten_megabyte_file_is_refused_quickly()
    {
        var path = Path.Combine(Path.GetTempPath(), $"liubeisim-big-{Guid.NewGuid():N}.yaml");
        try
        {
            using (var stream = File.Create(path))
            {
                var line = Encoding.UTF8.GetBytes("# padding padding padding padding padding padding padding\n");
                while (stream.Length < 10 * 1024 * 1024)
                {
                    stream.Write(line);
                }
            }

            var watch = Stopwatch.StartNew();
            var result = ScenarioParser.ParseFile(path);
            Assert.True(watch.Elapsed < Quick, $"took {watch.Elapsed}");
            var problem = Assert.Single(result.Problems);
            Assert.Contains("over the limit", problem.Message, StringComparison.Ordinal);

            watch.Restart();
            var text = Parse(new string('a', 10 * 1024 * 1024));
            Assert.True(watch.Elapsed < Quick, $"took {watch.Elapsed}");
            Assert.Contains("over the limit", Assert.Single(text.Problems).Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Alias_bomb_is_refused_quickly()
    {
        // Each level refers nine times to the one before: expanded, the last would hold 3 * 9^9 items.
        var text = new StringBuilder(Minimal).Append("a: &a [x, x, x]\n");
        var previous = "a";
        for (var level = 0; level < 10; level++)
        {
            var name = "l" + level;
            text.Append(name).Append(": &").Append(name).Append(" [")
                .AppendJoin(", ", Enumerable.Repeat("*" + previous, 9)).Append("]\n");
            previous = name;
        }

        var watch = Stopwatch.StartNew();
        var result = Parse(text.ToString());
        Assert.True(watch.Elapsed < Quick, $"took {watch.Elapsed}");
        Assert.Null(result.Scenario);
        AssertProblem(result, 6, 4, "a", "anchor &a is not allowed", "anchors (&) and aliases (*) are not supported");
        AssertProblem(result, 7, 10, "l0[0]", "alias *a is not allowed", "anchors (&) and aliases (*) are not supported");
    }

    [Theory]
    [InlineData('[')]
    [InlineData('{')]
    public void Deep_flow_nesting_is_refused_quickly(char open)
    {
        var text = Minimal + "targets: " + new string(open, 200_000) + "\n";
        var watch = Stopwatch.StartNew();
        var result = Parse(text);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
        Assert.Null(result.Scenario);
        Assert.Contains(result.Problems, p => p.Message.Contains("nesting is deeper than 16 levels", StringComparison.Ordinal));
    }

    [Fact]
    public void Deep_block_nesting_is_refused_quickly()
    {
        var text = new StringBuilder(Minimal).Append("targets:\n");
        for (var i = 1; i < 400; i++)
        {
            text.Append(' ', i * 2).Append("- \n");
        }

        var watch = Stopwatch.StartNew();
        var result = Parse(text.ToString());
        Assert.True(watch.Elapsed < Quick, $"took {watch.Elapsed}");
        Assert.Null(result.Scenario);
        Assert.All(result.Problems, p => Assert.True(p.Line >= 1 && p.Column >= 1));
    }

    [Fact]
    public void Random_bytes_never_throw_and_problems_are_located()
    {
        Gen.Byte.Array[0, 600].Sample(
            bytes =>
            {
                var result = ScenarioParser.ParseBytes(FileName, bytes);
                AssertWellFormed(result);
            },
            iter: 3000);
    }

    [Fact]
    public void Random_yaml_like_text_never_throws()
    {
        var yamlish = Gen.Char["abcdeflnrstuvxyz0123456789-_:[]{},&*!|>'\"#?.% \n\n\n  \t~@`"];
        yamlish.Array[0, 300].Select(chars => new string(chars)).Sample(
            text => AssertWellFormed(Parse(text)),
            iter: 3000);
    }

    [Fact]
    public void Random_mutations_of_a_valid_scenario_never_throw()
    {
        Assert.True(ScenarioLibrary.TryGetText("sgmw-125-boost", out var valid));
        var alphabet = "-:[]{},&*!|>'\"#?.%~@ \n\t0123456789abcxyz.nan.infé名\0";
        var edit = Gen.Select(Gen.Int[0, 4], Gen.Int[0, valid.Length], Gen.Int[1, 40], Gen.Char[alphabet]);
        edit.Array[1, 6].Sample(
            edits =>
            {
                var text = Mutate(valid, edits);
                var result = Parse(text);
                AssertWellFormed(result);
            },
            iter: 3000);
    }

    private static string Mutate(string text, (int Kind, int Position, int Length, char Char)[] edits)
    {
        var sb = new StringBuilder(text);
        foreach (var (kind, position, length, c) in edits)
        {
            var at = Math.Min(position, sb.Length);
            var count = Math.Min(length, sb.Length - at);
            switch (kind)
            {
                case 0:
                    sb.Remove(at, count);
                    break;
                case 1:
                    sb.Insert(at, c.ToString(), length % 3 + 1);
                    break;
                case 2:
                    if (count > 0)
                    {
                        sb[at] = c;
                    }

                    break;
                case 3:
                    sb.Insert(at, sb.ToString(at, count));
                    break;
                default:
                    // Re-indent: the commonest hand-editing slip.
                    sb.Insert(at, new string(' ', length % 5));
                    break;
            }
        }

        return sb.ToString();
    }

    private static void AssertWellFormed(ScenarioParseResult result)
    {
        if (result.IsValid)
        {
            Assert.Empty(result.Problems);
            return;
        }

        Assert.Null(result.Scenario);
        Assert.NotEmpty(result.Problems);
        foreach (var p in result.Problems)
        {
            Assert.True(p.Line >= 1 && p.Column >= 1, p.ToString());
            Assert.False(string.IsNullOrWhiteSpace(p.Path), p.ToString());
            Assert.False(string.IsNullOrWhiteSpace(p.Message), p.ToString());
            Assert.False(string.IsNullOrWhiteSpace(p.Allowed), p.ToString());
            Assert.DoesNotContain('\n', p.ToString());
        }
    }
}
