namespace LiubeiSim.Host.Workbench;

/// <summary>Words every workbench page shares (navigation, sign-in, kinds of figures); <c>IStringLocalizer&lt;WorkbenchText&gt;</c> reads them from WorkbenchText.resx and WorkbenchText.zh-CN.resx.</summary>
public sealed class WorkbenchText;
