using System.Globalization;
using LiubeiSim.Grains.Engine;
using LiubeiSim.Grains.Runs;
using LiubeiSim.Model.Admission;

namespace LiubeiSim.Host.Admission;

/// <summary>
/// The answers to a refused submission, one status per reason: 422 for a run this deployment can never take as asked
/// (its memory estimate over the budget, its work over one owner's hourly quota), 429 for an owner over a quota for now,
/// 503 for a full queue. 429 and 503 carry Retry-After, computed by the catalog where it can tell.
/// </summary>
public static class RefusalProblems
{
    /// <summary>Said when the catalog cannot tell when trying again may succeed.</summary>
    public static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(30);

    public static IResult For(HttpContext context, RunRefusedException refusal) => refusal.Reason switch
    {
        SubmitRefusal.TooLarge => TooLarge(refusal.Message, refusal.EstimatedBytes, refusal.LimitBytes, refusal.MaxReplications),
        SubmitRefusal.OverQuota => Retry(context, StatusCodes.Status429TooManyRequests, "Over quota.", refusal.Message, refusal.RetryAfter),
        _ => Retry(context, StatusCodes.Status503ServiceUnavailable, "Too many runs are waiting.", refusal.Message, refusal.RetryAfter),
    };

    /// <summary>422: the request can never be met here as it is; the detail says what to change, the extensions the figures.</summary>
    public static IResult TooLarge(string detail, long estimatedBytes, long limitBytes, int maxReplications)
    {
        var extensions = new Dictionary<string, object?>();
        if (estimatedBytes > 0)
        {
            extensions["estimatedBytes"] = estimatedBytes;
            extensions["memoryBudgetBytes"] = limitBytes;
            extensions["maxReplications"] = maxReplications;
        }

        return Results.Problem(
            title: "Too large for this deployment.",
            detail: Capitalised(detail),
            statusCode: StatusCodes.Status422UnprocessableEntity,
            extensions: extensions);
    }

    /// <summary>A refusal that passes with time: Retry-After in whole seconds, at least one.</summary>
    public static IResult Retry(HttpContext context, int status, string title, string detail, TimeSpan? retryAfter)
    {
        var (problem, seconds) = RetryProblem(status, title, detail, retryAfter);
        context.Response.Headers.RetryAfter = seconds;
        return problem;
    }

    /// <summary>The problem of <see cref="Retry"/> and its Retry-After value, for callers without a response of their own (the workbench).</summary>
    public static (Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Problem, string RetryAfter) RetryProblem(int status, string title, string detail, TimeSpan? retryAfter)
    {
        var seconds = (long)Math.Max(1, Math.Ceiling((retryAfter ?? DefaultRetryAfter).TotalSeconds));
        var problem = TypedResults.Problem(
            title: title,
            detail: Capitalised(detail),
            statusCode: status,
            extensions: new Dictionary<string, object?> { ["retryAfterSeconds"] = seconds });
        return (problem, seconds.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>The detail of a simulation too large for the memory budget, for comparisons and sweeps (runs get theirs from the catalog).</summary>
    public static string MemoryDetail(string what, RunCost cost, MemoryBudget budget, string change) =>
        $"{what} needs about {ByteSize.Format(cost.PeakBytes)} of memory ({cost.Size}), over the {ByteSize.Format(budget.Bytes)} this host gives simulations ({budget.Source}); {change}.";

    private static string Capitalised(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
