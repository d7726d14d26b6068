using Microsoft.OpenApi;

namespace LiubeiSim.Host.OpenApi;

public static class JsonBodyDescription
{
    /// <summary>
    /// Describes a JSON request body of type <typeparamref name="T"/> in the OpenAPI document only. <c>Accepts&lt;T&gt;</c>
    /// would also make routing refuse any other Content-Type with 415, while the endpoints read the body as JSON
    /// whatever it is labelled (so <c>curl -d '{...}'</c>, which says form-urlencoded, works) and answer a body that
    /// is not JSON with a 400 that says so.
    /// </summary>
    public static RouteHandlerBuilder DescribesJsonBody<T>(this RouteHandlerBuilder builder, string description) =>
        builder.AddOpenApiOperationTransformer(async (operation, context, cancellationToken) =>
        {
            var name = typeof(T).Name;
            var document = context.Document ?? throw new InvalidOperationException("An operation transformer ran without its document.");
            if (document.Components?.Schemas?.ContainsKey(name) != true)
            {
                document.AddComponent(name, await context.GetOrCreateSchemaAsync(typeof(T), null, cancellationToken));
            }

            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Description = description,
                Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = new OpenApiSchemaReference(name, document) } },
            };
        });
}
