using System.Text.Json;
using LiubeiSim.Model.Scenarios;
using Microsoft.AspNetCore.Http.Features;

namespace LiubeiSim.Host.Requests;

/// <summary>Reads a request body as one JSON document, bounded in size; a body that is not JSON or too large is a problem answer.</summary>
public static class JsonBody
{
    /// <summary>Twice the scenario file limit leaves room for a scenario sent as indented JSON.</summary>
    public const long MaxBytes = 2L * ScenarioParser.MaxFileBytes;

    /// <summary>The body's root element, or the problem to answer with instead.</summary>
    public static async Task<(JsonElement Body, IResult? Problem)> ReadAsync(HttpContext context, long maxBytes = MaxBytes)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maxBytes;
        }

        try
        {
            using var document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
            return (document.RootElement.Clone(), null);
        }
        catch (JsonException e)
        {
            return (default, Results.Problem(
                title: "The request body is not JSON.",
                detail: e.Message,
                statusCode: StatusCodes.Status400BadRequest));
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (default, Results.Problem(
                title: "The request body is too large.",
                detail: $"At most {maxBytes:N0} bytes.",
                statusCode: StatusCodes.Status413PayloadTooLarge));
        }
    }
}
