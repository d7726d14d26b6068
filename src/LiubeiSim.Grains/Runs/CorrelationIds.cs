namespace LiubeiSim.Grains.Runs;

/// <summary>
/// Ids for failures that happen away from a request (a run on a silo, a sweep): the log line with the exception and the
/// message shown to whoever asks both carry it, so an operator greps for what a user quotes.
/// </summary>
public static class CorrelationIds
{
    public static string New() => Guid.NewGuid().ToString("N")[..16];
}
