using LiubeiSim.Cli.Running;
using LiubeiSim.Model.Engine;

namespace LiubeiSim.Cli.Tests.Running;

/// <summary>The live progress line's words fit the room a narrow terminal leaves them, losing detail before meaning.</summary>
public sealed class RunProgressViewTests
{
    private static readonly RunProgress Midway = new(Month: 11, ShardsDone: 1, Shards: 1, Months: 12, ElapsedSeconds: 2, ReplicationMonthsDone: 95_888);

    [Fact]
    public void The_whole_description_is_kept_where_it_fits()
    {
        var full = RunProgressView.Describe("baseline-2023", Midway);
        Assert.Equal("baseline-2023: month 12/12, shard 1/1, 47,944 replication-months/s", full);
        Assert.Equal(full, RunProgressView.Fit("baseline-2023", Midway, full.Length));
        Assert.Equal(full, RunProgressView.Fit("baseline-2023", Midway, int.MaxValue));
    }

    [Fact]
    public void A_narrow_line_keeps_the_label_month_and_rate_and_then_cuts_the_label()
    {
        // 80 columns leave 52 (RunProgressView's narrow columns take 28).
        Assert.Equal("sgmw-125-boost vs baseline-2023: 12/12, 47,944/s", RunProgressView.Fit("sgmw-125-boost vs baseline-2023", Midway, 52));
        Assert.Equal("sgmw-125-boost vs b…: 12/12, 47,944/s", RunProgressView.Fit("sgmw-125-boost vs baseline-2023", Midway, 37));
        Assert.Equal("sgmw-125-boost vs baseline-2023: starting", RunProgressView.Fit("sgmw-125-boost vs baseline-2023", null, 52));
    }

    [Fact]
    public void No_room_is_ever_overrun()
    {
        foreach (var label in new[] { "x", "baseline-2023", "sgmw-125-boost vs baseline-2023", new string('n', 120) })
        {
            foreach (var progress in new RunProgress?[] { null, Midway, Midway with { ElapsedSeconds = 0 } })
            {
                for (var room = 12; room <= 140; room++)
                {
                    var text = RunProgressView.Fit(label, progress, room);
                    Assert.True(text.Length <= room, $"'{text}' is longer than {room}");
                    Assert.True(text.Length >= Math.Min(room, RunProgressView.Describe(label, progress).Length) - 40, $"'{text}' wastes the room of {room}");
                }
            }
        }
    }
}
