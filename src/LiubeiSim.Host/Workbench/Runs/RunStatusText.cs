using LiubeiSim.Grains.Messages;
using LiubeiSim.Host.Runs;
using Microsoft.Extensions.Localization;

namespace LiubeiSim.Host.Workbench.Runs;

/// <summary>Words the run pages share (a run's status, its times); <c>IStringLocalizer&lt;RunStatusText&gt;</c> reads RunStatusText.resx and its zh-CN pair.</summary>
public sealed class RunStatusText
{
    /// <summary>The status in the page's language, from the API's status name (<c>queued</c>, <c>running</c>...).</summary>
    public static string Status(IStringLocalizer<RunStatusText> words, string status) => words[$"Status_{status}"];

    public static string Status(IStringLocalizer<RunStatusText> words, RunState state) => Status(words, RunStatusView.StatusName(state));

    /// <summary>A moment as the run pages show it: to the second, in UTC, the same for every reader.</summary>
    public static string Time(DateTimeOffset? at) => at is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", System.Globalization.CultureInfo.InvariantCulture) : "—";
}
