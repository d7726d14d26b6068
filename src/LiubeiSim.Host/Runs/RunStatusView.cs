namespace LiubeiSim.Host.Runs;

/// <summary>The body of <c>GET /api/runs/{id}</c>.</summary>
public sealed record RunStatusView(
    string Id,
    string Status,
    double Progress,
    string Scenario,
    int Replications,
    ulong Seed,
    int Months,
    int Shards,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    double? ElapsedSeconds,
    string? Error,
    string? SummaryUrl);
