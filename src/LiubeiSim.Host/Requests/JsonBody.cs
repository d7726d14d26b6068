using System.Text.Json;
using LiubeiSim.Model.Scenarios;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace LiubeiSim.Host.Requests;

/// <summary>
/// Reads a request body as one JSON document, bounded in size; a body that is not JSON, not sent as JSON, malformed on
/// the wire or too large is a problem answer, never an exception.
/// </summary>
public static class JsonBody
{
    /// <summary>Twice the scenario file limit leaves room for a scenario sent as indented JSON.</summary>
    public const long MaxBytes = 2L * ScenarioParser.MaxFileBytes;

    /// <summary>Longest message of the JSON parser passed on: its longest own message is about 200 characters.</summary>
    private const int MaxParserMessage = 400;

    /// <summary>What a body's Content-Type must say.</summary>
    public const string Accepted = "application/json (or another application/*+json type), in UTF-8";

    // Duplicate keys are refused, as in scenario files: which of two values would count is a guess either way.
    private static readonly JsonDocumentOptions Options = new() { AllowDuplicateProperties = false };

    /// <summary>The body's root element, or the problem to answer with instead.</summary>
    public static async Task<(JsonElement Body, IResult? Problem)> ReadAsync(HttpContext context, long maxBytes = MaxBytes)
    {
        if (UnacceptedContentType(context.Request.ContentType) is { } refusal)
        {
            return (default, refusal);
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maxBytes;
        }

        JsonElement root;
        try
        {
            using var document = await JsonDocument.ParseAsync(context.Request.Body, Options, context.RequestAborted);
            root = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            // Clipped: the parser's message quotes a repeated property name whole, however long.
            return (default, NotJson(RequestFields.Clip(e.Message, MaxParserMessage)));
        }
        catch (InvalidOperationException)
        {
            // The parser's check for repeated names reads every property name, and throws this for one that is not text.
            return (default, NotJson(UnreadableText("a property name")));
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (default, Results.Problem(
                title: "The request body is too large.",
                detail: $"At most {maxBytes:N0} bytes.",
                statusCode: StatusCodes.Status413PayloadTooLarge));
        }
        catch (BadHttpRequestException e)
        {
            // Kestrel met a malformed chunked body (or one too slow) while the parser read it: the client's fault, in its words.
            return (default, Results.Problem(
                title: e.StatusCode == StatusCodes.Status408RequestTimeout ? "The request body came too slowly." : "The request body is malformed.",
                detail: e.Message,
                statusCode: e.StatusCode));
        }
        catch (IOException e) when (!context.RequestAborted.IsCancellationRequested)
        {
            // Kestrel's chunked reader throws IOException rather than BadHttpRequestException for a chunk size that overflows.
            return (default, Results.Problem(
                title: "The request body is malformed.",
                detail: e.Message,
                statusCode: StatusCodes.Status400BadRequest));
        }

        return UnreadableString(root, "$") is { } path
            ? (default, NotJson(UnreadableText($"the string at {path}")))
            : (root, null);
    }

    /// <summary>415 unless the Content-Type names JSON in UTF-8: a form or text/plain POST, which any web page may send to a local host, is refused.</summary>
    internal static IResult? UnacceptedContentType(string? contentType)
    {
        if (MediaTypeHeaderValue.TryParse(contentType, out var media)
            && (media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
                || (media.MediaType.StartsWith("application/", StringComparison.OrdinalIgnoreCase) && media.MediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase)))
            && (!media.Charset.HasValue || media.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase)))
        {
            return null;
        }

        var given = string.IsNullOrWhiteSpace(contentType) ? "no Content-Type" : $"Content-Type '{RequestFields.Clip(contentType)}'";
        return Results.Problem(
            title: "The request body must be JSON.",
            detail: $"The body was sent with {given}; send it as {Accepted} (Content-Type: application/json). A scenario or sweep spec in YAML goes inside the JSON body, as a string.",
            statusCode: StatusCodes.Status415UnsupportedMediaType);
    }

    private static string UnreadableText(string what) => $"{what} is not valid UTF-8 (a lone surrogate such as \\ud800, or bytes that encode no character)";

    private static IResult NotJson(string detail) => Results.Problem(
        title: "The request body is not JSON.",
        detail: detail,
        statusCode: StatusCodes.Status400BadRequest);

    /// <summary>
    /// The path of the first string or property name that cannot be read as text, or null. System.Text.Json checks
    /// escapes and UTF-8 inside strings only when a string is asked for, so this asks for every one once, here, instead
    /// of letting the first reader that does throw. Depth is bounded by the parser (64).
    /// </summary>
    private static string? UnreadableString(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return Readable(() => element.GetString()) ? null : path;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (UnreadableString(item, $"{path}[{index++}]") is { } found)
                    {
                        return found;
                    }
                }

                return null;
            case JsonValueKind.Object:
                var position = 0;
                foreach (var property in element.EnumerateObject())
                {
                    var p = property;
                    if (!Readable(() => p.Name))
                    {
                        return $"{path} (the name of its property #{position + 1})";
                    }

                    if (UnreadableString(property.Value, $"{path}.{RequestFields.Clip(property.Name)}") is { } found)
                    {
                        return found;
                    }

                    position++;
                }

                return null;
            default:
                return null;
        }
    }

    private static bool Readable(Func<string?> read)
    {
        try
        {
            _ = read();
            return true;
        }
        catch (InvalidOperationException)
        {
            // Thrown for a lone surrogate escape or invalid UTF-8: answered as the request's fault by the caller.
            return false;
        }
    }
}
