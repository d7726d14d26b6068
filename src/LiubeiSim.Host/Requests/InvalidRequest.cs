namespace LiubeiSim.Host.Requests;

/// <summary>The 400 answer to a request whose body is wrong: an RFC 9457 problem document with the problems found.</summary>
public static class InvalidRequest
{
    /// <summary>
    /// Problems listed at most; beyond them one entry says how many more there are. A body of thousands of unknown
    /// fields would otherwise be answered with megabytes, and nobody fixes a request from its 51st problem first.
    /// </summary>
    public const int MaxProblems = 50;

    /// <summary>The path of the entry that stands for the problems left out.</summary>
    public const string MorePath = "(more)";

    public static IResult Problem(string title, IReadOnlyList<RequestProblem> problems) => Results.Problem(
        title: title,
        detail: $"{problems.Count:N0} problem{(problems.Count == 1 ? string.Empty : "s")}: {string.Join("; ", problems.Take(3).Select(p => $"{p.Path}: {p.Message}"))}{(problems.Count > 3 ? "; ..." : string.Empty)}",
        statusCode: StatusCodes.Status400BadRequest,
        extensions: new Dictionary<string, object?> { ["problems"] = Listed(problems) });

    /// <summary>The first <see cref="MaxProblems"/> problems, then one saying how many more there are.</summary>
    public static IReadOnlyList<RequestProblem> Listed(IReadOnlyList<RequestProblem> problems) =>
        problems.Count <= MaxProblems
            ? problems
            : [.. problems.Take(MaxProblems), new RequestProblem(MorePath, null, null, $"and {problems.Count - MaxProblems:N0} more", "fix the problems listed and send the request again to see the rest")];
}

/// <summary>
/// The shape of that 400 answer, for the OpenAPI document only: ASP.NET Core writes it from
/// <see cref="Microsoft.AspNetCore.Mvc.ProblemDetails"/> with a <c>problems</c> extension.
/// </summary>
/// <param name="Type">A URI reference naming the kind of problem.</param>
/// <param name="Title">What went wrong, in one sentence.</param>
/// <param name="Status">400.</param>
/// <param name="Detail">How many problems there are, and the first few in one line.</param>
/// <param name="Problems">The problems found, each located: at most 50, then one entry (path <c>(more)</c>) saying how many more.</param>
/// <param name="CorrelationId">The request's id, as its log lines carry it.</param>
public sealed record InvalidRequestProblem(string Type, string Title, int Status, string Detail, IReadOnlyList<RequestProblem> Problems, string CorrelationId);
