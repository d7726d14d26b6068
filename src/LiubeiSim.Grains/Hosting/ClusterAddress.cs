using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace LiubeiSim.Grains.Hosting;

/// <summary>
/// Where a LiubeiSim cluster is, as a user writes it on the command line (<c>--cluster URL</c>): the Redis that holds the
/// cluster's membership (<see cref="RedisClusterAddress"/>, <c>redis://HOST:PORT</c>, or <c>rediss://HOST:PORT</c> over
/// TLS), which silos and clients both use,
/// or one silo's gateway (<see cref="GatewayClusterAddress"/>, <c>gateway://HOST:PORT</c>), which only a client can use.
/// Each form is a subclass and a scheme in <see cref="TryParse"/>; callers switch on the type.
/// </summary>
public abstract record ClusterAddress
{
    /// <summary>What <see cref="TryParse"/> accepts, for messages and help.</summary>
    public const string AcceptedForms = "redis://HOST:PORT, redis://:PASSWORD@HOST:PORT, rediss:// (the same over TLS) or gateway://HOST:PORT";

    private protected ClusterAddress()
    {
    }

    /// <summary>Reads a cluster address; on failure <paramref name="problem"/> says what is wrong and which forms are accepted.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out ClusterAddress? address, [NotNullWhen(false)] out string? problem)
    {
        address = null;
        var given = text ?? string.Empty;
        var schemeEnd = given.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd <= 0)
        {
            problem = Expected(given, "it has no scheme");
            return false;
        }

        var scheme = given[..schemeEnd];
        var rest = given[(schemeEnd + 3)..];
        if (scheme.Equals(RedisClusterAddress.Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return RedisClusterAddress.TryParseAfterScheme(given, rest, tls: false, out address, out problem);
        }

        if (scheme.Equals(RedisClusterAddress.TlsScheme, StringComparison.OrdinalIgnoreCase))
        {
            return RedisClusterAddress.TryParseAfterScheme(given, rest, tls: true, out address, out problem);
        }

        if (scheme.Equals(GatewayClusterAddress.Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return GatewayClusterAddress.TryParseAfterScheme(given, rest, out address, out problem);
        }

        problem = Expected(given, $"the scheme '{scheme}' is not supported");
        return false;
    }

    /// <summary>Reads a cluster address or throws a <see cref="FormatException"/> whose message says what is accepted.</summary>
    public static ClusterAddress Parse(string text) =>
        TryParse(text, out var address, out var problem) ? address : throw new FormatException(problem);

    private protected static string Expected(string given, string why) =>
        $"expected {AcceptedForms}, got '{Redact(given)}': {why}";

    // A message may end up in a log or a terminal's scrollback: never repeat a password from the address.
    private static string Redact(string given)
    {
        var at = given.LastIndexOf('@');
        var schemeEnd = given.IndexOf("://", StringComparison.Ordinal);
        return at > schemeEnd && schemeEnd >= 0 ? string.Concat(given.AsSpan(0, schemeEnd + 3), "***", given.AsSpan(at)) : given;
    }

    /// <summary>Reads <c>HOST[:PORT]</c> (a name, an IPv4 address or a bracketed IPv6 one), with an optional trailing '/'.</summary>
    private protected static bool TryParseHostPort(string given, string rest, int defaultPort, out string host, out int port, [NotNullWhen(false)] out string? problem)
    {
        host = string.Empty;
        port = 0;
        if (rest.IndexOfAny(['/', '?', '#']) is var extra and >= 0 && !(extra == rest.Length - 1 && rest[extra] == '/'))
        {
            problem = Expected(given, "a cluster address has no path, query or fragment");
            return false;
        }

        rest = rest.TrimEnd('/');
        string? portText;
        if (rest.StartsWith('['))
        {
            var close = rest.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                problem = Expected(given, "an IPv6 address needs its closing ']'");
                return false;
            }

            host = rest[..(close + 1)];
            var after = rest[(close + 1)..];
            portText = after.Length == 0 ? null : after.StartsWith(':') ? after[1..] : after;
        }
        else
        {
            var colon = rest.LastIndexOf(':');
            host = colon < 0 ? rest : rest[..colon];
            portText = colon < 0 ? null : rest[(colon + 1)..];
        }

        if (host.Length == 0)
        {
            problem = Expected(given, "the host is missing");
            return false;
        }

        if (!host.StartsWith('[') && host.Contains(':', StringComparison.Ordinal))
        {
            var scheme = given[..(given.IndexOf("://", StringComparison.Ordinal) + 3)];
            problem = Expected(given, string.Create(CultureInfo.InvariantCulture, $"an IPv6 address goes in brackets, as in {scheme}[::1]:{defaultPort}"));
            return false;
        }

        if (Uri.CheckHostName(host) == UriHostNameType.Unknown)
        {
            problem = Expected(given, $"'{host}' is not a host name or IP address");
            return false;
        }

        port = defaultPort;
        if (portText is not null && !TryParsePort(portText, out port))
        {
            problem = Expected(given, $"the port must be a whole number 1..65535, got '{portText}'");
            return false;
        }

        problem = null;
        return true;
    }

    private protected static bool TryParsePort(string text, out int port) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is >= 1 and <= 65535;
}

/// <summary>
/// A cluster whose membership and grain state live in the Redis at <see cref="Host"/>:<see cref="Port"/>
/// (<c>redis://HOST:PORT</c>, <c>redis://:PASSWORD@HOST:PORT</c> or, for a Redis 6 ACL user,
/// <c>redis://USER:PASSWORD@HOST:PORT</c>; the port defaults to 6379). <c>rediss://</c> in front of any of these forms
/// talks TLS to the Redis, checking its certificate against the host name (<see cref="Tls"/>).
/// </summary>
public sealed record RedisClusterAddress : ClusterAddress
{
    public const string Scheme = "redis";

    /// <summary>The scheme of Redis over TLS, as redis-cli and most Redis clients write it.</summary>
    public const string TlsScheme = "rediss";

    public const int DefaultPort = 6379;

    public RedisClusterAddress(string host, int port, string? user = null, string? password = null, bool tls = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        ArgumentOutOfRangeException.ThrowIfLessThan(port, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        Host = host;
        Port = port;
        User = user;
        Password = password;
        Tls = tls;
    }

    /// <summary>A host name, an IPv4 address or a bracketed IPv6 address (<c>[::1]</c>).</summary>
    public string Host { get; }

    public int Port { get; }

    public string? User { get; }

    public string? Password { get; }

    /// <summary>
    /// Whether the connection is TLS (<c>rediss://</c>): StackExchange.Redis' <c>ssl=true</c>, which checks the server's
    /// certificate against the system's trusted roots and the host name. A private CA's root goes into the trusted
    /// roots (on Linux, a file named by <c>SSL_CERT_FILE</c> or a directory named by <c>SSL_CERT_DIR</c>).
    /// </summary>
    public bool Tls { get; }

    /// <summary>The same address as a StackExchange.Redis connection string, the form of the <c>Orleans:Redis</c> setting.</summary>
    public string ToConnectionString()
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"{Host}:{Port}");
        if (User is not null)
        {
            text += $",user={User}";
        }

        if (Password is not null)
        {
            text += $",password={Password}";
        }

        if (Tls)
        {
            text += ",ssl=true";
        }

        return text;
    }

    /// <summary>The address without its password, for messages and logs.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{(Tls ? TlsScheme : Scheme)}://{(Password is null && User is null ? string.Empty : $"{User}:***@")}{Host}:{Port}");

    internal static bool TryParseAfterScheme(string given, string rest, bool tls, [NotNullWhen(true)] out ClusterAddress? address, [NotNullWhen(false)] out string? problem)
    {
        address = null;
        string? user = null;
        string? password = null;
        var at = rest.LastIndexOf('@');
        if (at >= 0)
        {
            var userInfo = rest[..at];
            rest = rest[(at + 1)..];
            var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                problem = Expected(given, "a password follows a ':' (redis://:PASSWORD@HOST:PORT)");
                return false;
            }

            user = colon == 0 ? null : Uri.UnescapeDataString(userInfo[..colon]);
            password = Uri.UnescapeDataString(userInfo[(colon + 1)..]);

            // The connection string separates its options with ',' and has no way to escape one.
            if (password.Length == 0 || password.Contains(',', StringComparison.Ordinal) || (user?.Contains(',', StringComparison.Ordinal) ?? false))
            {
                problem = Expected(given, "the password is empty or holds a ','");
                return false;
            }
        }

        if (!TryParseHostPort(given, rest, DefaultPort, out var host, out var port, out problem))
        {
            return false;
        }

        address = new RedisClusterAddress(host, port, user, password, tls);
        problem = null;
        return true;
    }
}

/// <summary>
/// One silo's client gateway (<c>gateway://HOST:PORT</c>, the port defaulting to <see cref="DefaultPort"/>, that of a
/// single local <c>liubeisim serve</c>): a client talks to the cluster through it, with no Redis of its own. A silo
/// cannot join a cluster this way: silos find each other through the membership table, in Redis.
/// </summary>
public sealed record GatewayClusterAddress : ClusterAddress
{
    public const string Scheme = "gateway";

    /// <summary>The gateway port of <c>liubeisim serve</c> when none is given (Orleans:GatewayPort).</summary>
    public const int DefaultPort = 30000;

    public GatewayClusterAddress(string host, int port)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        ArgumentOutOfRangeException.ThrowIfLessThan(port, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        Host = host;
        Port = port;
    }

    /// <summary>A host name, an IPv4 address or a bracketed IPv6 address (<c>[::1]</c>).</summary>
    public string Host { get; }

    public int Port { get; }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Scheme}://{Host}:{Port}");

    internal static bool TryParseAfterScheme(string given, string rest, [NotNullWhen(true)] out ClusterAddress? address, [NotNullWhen(false)] out string? problem)
    {
        address = null;
        if (rest.Contains('@', StringComparison.Ordinal))
        {
            problem = Expected(given, "a gateway address has no user or password");
            return false;
        }

        if (!TryParseHostPort(given, rest, DefaultPort, out var host, out var port, out problem))
        {
            return false;
        }

        address = new GatewayClusterAddress(host, port);
        return true;
    }
}
