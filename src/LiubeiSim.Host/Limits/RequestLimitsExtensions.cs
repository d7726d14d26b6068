using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using LiubeiSim.Host.Health;
using LiubeiSim.Host.Requests;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace LiubeiSim.Host.Limits;

/// <summary>
/// What one request, and one client, may ask of the host: the web server's limits on a request's line, headers and body,
/// and per-client rate limits (<see cref="RateLimitSettings"/>) answered with 429 and Retry-After.
/// </summary>
public static class RequestLimitsExtensions
{
    /// <summary>Where operators override the web server's limits, under Kestrel's own names (<c>Kestrel:Limits:MaxRequestBodySize</c>).</summary>
    public const string KestrelLimitsSection = "Kestrel:Limits";

    public const int MaxRequestLineBytes = 8 * 1024;
    public const int MaxRequestHeadersBytes = 32 * 1024;
    public const int MaxRequestHeaderCount = 100;

    public static WebApplicationBuilder AddLiubeiSimRequestLimits(this WebApplicationBuilder builder)
    {
        // Set here rather than left to Kestrel's defaults, so the documented limits hold whatever a framework version
        // prefers; the section binds over them. No body the API takes is larger than a JSON body (endpoints lower it, never raise it).
        builder.WebHost.ConfigureKestrel((context, kestrel) =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = JsonBody.MaxBytes;
            kestrel.Limits.MaxRequestLineSize = MaxRequestLineBytes;
            kestrel.Limits.MaxRequestHeadersTotalSize = MaxRequestHeadersBytes;
            kestrel.Limits.MaxRequestHeaderCount = MaxRequestHeaderCount;
            context.Configuration.GetSection(KestrelLimitsSection).Bind(kestrel.Limits);
        });

        var settings = builder.Configuration.GetSection(RateLimitSettings.Section).Get<RateLimitSettings>() ?? new RateLimitSettings();
        if (settings.Problem() is { } problem)
        {
            throw new InvalidOperationException(problem);
        }

        builder.Services.AddSingleton(settings);
        builder.Services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(context => Exempt(context)
                    ? RateLimitPartition.GetNoLimiter(string.Empty)
                    : RateLimitPartition.GetTokenBucketLimiter(ClientOf(context), _ => Bucket(settings.RequestsPerSecond, settings.RequestBurst))),
                PartitionedRateLimiter.Create<HttpContext, string>(context => Exempt(context) || !IsWrite(context.Request.Method)
                    ? RateLimitPartition.GetNoLimiter(string.Empty)
                    : RateLimitPartition.GetTokenBucketLimiter(ClientOf(context), _ => Bucket(settings.WritesPerSecond, settings.WriteBurst))));
            options.OnRejected = (rejected, _) => Refuse(rejected.HttpContext, rejected.Lease, settings);
        });

        // Answers every operation may give, said once here rather than on each endpoint.
        builder.Services.Configure<OpenApiOptions>("v1", options => options.AddOperationTransformer((operation, context, _) =>
        {
            operation.Responses ??= [];
            // By method: the request bodies are described by endpoint transformers, which run after this one.
            if (HttpMethods.IsPost(context.Description.HttpMethod ?? string.Empty))
            {
                operation.Responses.TryAdd("415", Problem($"The body was not sent as {JsonBody.Accepted}."));
            }

            if (settings.Enabled)
            {
                operation.Responses.TryAdd("429", Problem("This client sent more requests than the host's rate limits allow (`RateLimits`); Retry-After says when to try again."));
            }

            return Task.CompletedTask;
        }));
        return builder;
    }

    /// <summary>After authentication, so a request made with a key is counted against the key.</summary>
    public static WebApplication UseLiubeiSimRequestLimits(this WebApplication app)
    {
        if (app.Services.GetRequiredService<RateLimitSettings>().Enabled)
        {
            app.UseRateLimiter();
        }

        return app;
    }

    /// <summary>
    /// Who a request counts against: its API key's name when it is authenticated (from any address), otherwise its
    /// remote address; an IPv6 address by its /64 prefix, since one machine is usually given a whole /64 to pick from.
    /// </summary>
    internal static string ClientOf(HttpContext context)
    {
        if (context.User.Identity is { IsAuthenticated: true, Name: { Length: > 0 } name })
        {
            return "key " + name;
        }

        var address = context.Connection.RemoteIpAddress;
        if (address is null)
        {
            return "address unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var bytes = address.GetAddressBytes();
            Array.Clear(bytes, 8, 8);
            return $"address {new IPAddress(bytes)}/64";
        }

        return "address " + address;
    }

    private static OpenApiResponse Problem(string description) => new()
    {
        Description = description,
        Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() },
    };

    private static bool Exempt(HttpContext context) =>
        context.Request.Path.Equals(HealthExtensions.LivenessPath, StringComparison.OrdinalIgnoreCase)
        || context.Request.Path.Equals(HealthExtensions.ReadinessPath, StringComparison.OrdinalIgnoreCase);

    private static bool IsWrite(string method) => !(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method));

    private static TokenBucketRateLimiterOptions Bucket(int perSecond, int burst) => new()
    {
        TokenLimit = burst,
        TokensPerPeriod = perSecond,
        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
        QueueLimit = 0,
        AutoReplenishment = true,
    };

    private static ValueTask Refuse(HttpContext context, RateLimitLease lease, RateLimitSettings settings)
    {
        var seconds = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 1;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var client = ClientOf(context);
        return context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = StatusCodes.Status429TooManyRequests,
                Type = "https://tools.ietf.org/html/rfc6585#section-4",
                Title = "Too many requests.",
                Detail = string.Create(
                    CultureInfo.InvariantCulture,
                    $"This client ({client}) may send {settings.RequestsPerSecond} requests a second (bursts of {settings.RequestBurst}) and {settings.WritesPerSecond} a second that submit, validate or cancel (bursts of {settings.WriteBurst}); try again in {seconds} s."),
            },
        });
    }
}
