using LiubeiSim.Grains.Keys;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace LiubeiSim.Host.Identity;

/// <summary>
/// The OpenAPI document says how to authenticate: a bearer scheme, and on each operation that needs a key the
/// requirement, the role it needs and its 401 (and 403 where a lesser key is refused). Read from the same endpoint
/// metadata the authorization middleware enforces, so the two cannot disagree.
/// </summary>
internal static class IdentityOpenApi
{
    private const string SchemeId = "bearer";

    public static void Configure(OpenApiOptions options)
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[SchemeId] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "An API key (`liubeisim keys create`, or POST /api/keys as an admin) as `Authorization: Bearer KEY`. " +
                    "A host on loopback with no keys at all needs none.",
            };
            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            var metadata = context.Description.ActionDescriptor.EndpointMetadata;
            if (metadata.OfType<IAllowAnonymous>().Any())
            {
                return Task.CompletedTask;
            }

            var least = metadata.OfType<IAuthorizeData>()
                .Select(a => a.Policy is { } p && IdentityPolicies.Roles.TryGetValue(p, out var role) ? role : (ApiKeyRole?)null)
                .Max() ?? ApiKeyRole.Viewer;
            operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeId, context.Document)] = [] }];
            operation.Description = $"{operation.Description} Needs {ApiKeyNames.WithArticle(least)} key or higher.".TrimStart();
            operation.Responses ??= [];
            operation.Responses.TryAdd("401", new OpenApiResponse { Description = "No key, or one this cluster does not have or has revoked (`WWW-Authenticate: Bearer`)." });
            if (least > ApiKeyRole.Viewer)
            {
                operation.Responses.TryAdd("403", new OpenApiResponse { Description = $"The key's role is below {ApiKeyNames.Of(least)}." });
            }

            return Task.CompletedTask;
        });
    }
}
