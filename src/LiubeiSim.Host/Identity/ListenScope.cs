using System.Net;
using LiubeiSim.Host.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace LiubeiSim.Host.Identity;

/// <summary>
/// Whether this host can only be reached from its own machine: every address it listens on is loopback. Only then may a
/// host with no keys let callers in without one, and then only callers that come from loopback themselves.
/// </summary>
public sealed class ListenScope(IServer server, IConfiguration configuration)
{
    private readonly Lazy<IReadOnlyList<string>> _listedOrigins = new(() => CrossOriginExtensions.Origins(configuration));

    private readonly Lazy<bool> _loopbackOnly = new(() =>
    {
        // Once started, the server's own list is what it bound (a port 0 resolved, a host name expanded).
        var bound = server.Features.Get<IServerAddressesFeature>()?.Addresses;
        return IsLoopbackOnly(bound is { Count: > 0 } ? bound : ConfiguredUrls(configuration));
    });

    /// <summary>
    /// The request comes from loopback to a host that listens on loopback only, addressed to a loopback name, and not
    /// sent by a page of another site. The name and origin checks stop DNS rebinding: a page whose name was made to
    /// resolve to 127.0.0.1 reaches the port from loopback, but its requests still carry its own name. Origins the
    /// operator lists in <c>Cors:Origins</c> are trusted as loopback pages are.
    /// </summary>
    public bool IsLocal(HttpContext context) =>
        context.Connection.RemoteIpAddress is { } remote && IPAddress.IsLoopback(remote) && _loopbackOnly.Value
        && IsLoopbackName(context.Request.Host.Host)
        && (context.Request.Headers.Origin.Count == 0 || IsTrustedOrigin(context.Request.Headers.Origin.ToString()));

    private bool IsTrustedOrigin(string origin) =>
        (Uri.TryCreate(origin, UriKind.Absolute, out var uri) && IsLoopbackName(uri.Host))
        || _listedOrigins.Value.Contains(origin, StringComparer.OrdinalIgnoreCase);

    internal static bool IsLoopbackName(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));

    /// <summary>
    /// True when every URL names a loopback address (127.0.0.0/8, ::1) or <c>localhost</c>; false for any other host,
    /// a wildcard (<c>0.0.0.0</c>, <c>[::]</c>, <c>*</c>, <c>+</c>), a URL that does not parse, or no URL at all.
    /// </summary>
    public static bool IsLoopbackOnly(IEnumerable<string> urls)
    {
        var any = false;
        foreach (var url in urls)
        {
            any = true;
            if (!IsLoopback(url))
            {
                return false;
            }
        }

        return any;
    }

    /// <summary>
    /// The addresses the host is configured to listen on, before it starts: <c>urls</c> (<c>--urls</c>,
    /// <c>ASPNETCORE_URLS</c>), Kestrel endpoints, or the ports-only settings (every interface); else the loopback default.
    /// </summary>
    public static IReadOnlyList<string> ConfiguredUrls(IConfiguration configuration)
    {
        var urls = new List<string>();
        foreach (var endpoint in configuration.GetSection("Kestrel:Endpoints").GetChildren())
        {
            urls.Add(endpoint["Url"] ?? string.Empty);
        }

        urls.AddRange(Split(configuration["urls"]));
        foreach (var ports in new[] { "http_ports", "https_ports" })
        {
            // Ports alone bind every interface.
            urls.AddRange(Split(configuration[ports]).Select(port => $"http://*:{port}"));
        }

        return urls.Count > 0 ? urls : [ListenAddressExtensions.DefaultUrl];
    }

    private static IEnumerable<string> Split(string? text) =>
        (text ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static bool IsLoopback(string url)
    {
        // Kestrel's wildcards are not valid URI hosts; they mean every interface anyway.
        if (!Uri.TryCreate(url.Replace("://+", "://wildcard.invalid", StringComparison.Ordinal).Replace("://*", "://wildcard.invalid", StringComparison.Ordinal), UriKind.Absolute, out var uri))
        {
            return false;
        }

        var host = uri.Host.Trim('[', ']');
        return string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
    }
}
