namespace LiubeiSim.Host.Requests;

/// <summary>The 400 answer to a request whose body is wrong: an RFC 9457 problem document with every problem found.</summary>
public static class InvalidRequest
{
    public static IResult Problem(string title, IReadOnlyList<RequestProblem> problems) => Results.Problem(
        title: title,
        detail: $"{problems.Count} problem{(problems.Count == 1 ? string.Empty : "s")}: {string.Join("; ", problems.Take(3).Select(p => $"{p.Path}: {p.Message}"))}{(problems.Count > 3 ? "; ..." : string.Empty)}",
        statusCode: StatusCodes.Status400BadRequest,
        extensions: new Dictionary<string, object?> { ["problems"] = problems });
}

/// <summary>
/// The shape of that 400 answer, for the OpenAPI document only: ASP.NET Core writes it from
/// <see cref="Microsoft.AspNetCore.Mvc.ProblemDetails"/> with a <c>problems</c> extension.
/// </summary>
/// <param name="Type">A URI reference naming the kind of problem.</param>
/// <param name="Title">What went wrong, in one sentence.</param>
/// <param name="Status">400.</param>
/// <param name="Detail">The first few problems in one line.</param>
/// <param name="Problems">Every problem found, each located.</param>
public sealed record InvalidRequestProblem(string Type, string Title, int Status, string Detail, IReadOnlyList<RequestProblem> Problems);
