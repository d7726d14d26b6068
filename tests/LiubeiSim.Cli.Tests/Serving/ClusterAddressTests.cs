using LiubeiSim.Cli.Tests.Scenarios;
using LiubeiSim.Grains.Hosting;

namespace LiubeiSim.Cli.Tests.Serving;

public sealed class ClusterAddressTests
{
    [Theory]
    [InlineData("redis://127.0.0.1:6379", "127.0.0.1", 6379, null, null, "127.0.0.1:6379")]
    [InlineData("redis://localhost", "localhost", 6379, null, null, "localhost:6379")]
    [InlineData("REDIS://redis.example.org:6380/", "redis.example.org", 6380, null, null, "redis.example.org:6380")]
    [InlineData("redis://:s3cret@10.0.0.5:6379", "10.0.0.5", 6379, null, "s3cret", "10.0.0.5:6379,password=s3cret")]
    [InlineData("redis://sim:p%40ss=1@h:7000", "h", 7000, "sim", "p@ss=1", "h:7000,user=sim,password=p@ss=1")]
    [InlineData("redis://[::1]:7001", "[::1]", 7001, null, null, "[::1]:7001")]
    public void Redis_addresses_become_the_Orleans_Redis_connection_string(string text, string host, int port, string? user, string? password, string connectionString)
    {
        var address = Assert.IsType<RedisClusterAddress>(ClusterAddress.Parse(text));

        Assert.Equal((host, port, user, password, false), (address.Host, address.Port, address.User, address.Password, address.Tls));
        Assert.Equal(connectionString, address.ToConnectionString());
    }

    [Theory]
    [InlineData("rediss://redis.example.org", "redis.example.org", 6379, null, null, "redis.example.org:6379,ssl=true")]
    [InlineData("REDISS://:s3cret@10.0.0.5:6380/", "10.0.0.5", 6380, null, "s3cret", "10.0.0.5:6380,password=s3cret,ssl=true")]
    [InlineData("rediss://sim:p%40ss@[::1]:7001", "[::1]", 7001, "sim", "p@ss", "[::1]:7001,user=sim,password=p@ss,ssl=true")]
    public void Rediss_addresses_are_the_same_forms_over_TLS(string text, string host, int port, string? user, string? password, string connectionString)
    {
        var address = Assert.IsType<RedisClusterAddress>(ClusterAddress.Parse(text));

        Assert.Equal((host, port, user, password, true), (address.Host, address.Port, address.User, address.Password, address.Tls));
        Assert.Equal(connectionString, address.ToConnectionString());

        // StackExchange.Redis reads the string back as TLS to the same endpoint with the same credentials.
        var options = StackExchange.Redis.ConfigurationOptions.Parse(address.ToConnectionString());
        Assert.True(options.Ssl);
        Assert.Equal(password, options.Password);
        Assert.Equal(user, options.User);
        Assert.Single(options.EndPoints);
    }

    [Theory]
    [InlineData("http://127.0.0.1:6379", "the scheme 'http' is not supported")]
    [InlineData("redisss://127.0.0.1:6379", "the scheme 'redisss' is not supported")]
    [InlineData("rediss://h:6379/0", "a cluster address has no path, query or fragment")]
    [InlineData("rediss://s3cret@h", "a password follows a ':' (redis://:PASSWORD@HOST:PORT)")]
    [InlineData("127.0.0.1:6379", "it has no scheme")]
    [InlineData("", "it has no scheme")]
    [InlineData("redis://", "the host is missing")]
    [InlineData("redis://:6379", "the host is missing")]
    [InlineData("redis://h:0", "the port must be a whole number 1..65535, got '0'")]
    [InlineData("redis://h:65536", "the port must be a whole number 1..65535, got '65536'")]
    [InlineData("redis://h:six", "the port must be a whole number 1..65535, got 'six'")]
    [InlineData("redis://h:6379/0", "a cluster address has no path, query or fragment")]
    [InlineData("redis://::1:6379", "an IPv6 address goes in brackets, as in redis://[::1]:6379")]
    [InlineData("redis://bad host:6379", "'bad host' is not a host name or IP address")]
    [InlineData("redis://s3cret@h:6379", "a password follows a ':' (redis://:PASSWORD@HOST:PORT)")]
    [InlineData("redis://:@h:6379", "the password is empty or holds a ','")]
    [InlineData("redis://:a,b@h:6379", "the password is empty or holds a ','")]
    public void Other_forms_are_refused_with_the_accepted_form_and_the_reason(string text, string reason)
    {
        Assert.False(ClusterAddress.TryParse(text, out var address, out var problem));

        Assert.Null(address);
        Assert.StartsWith($"expected {ClusterAddress.AcceptedForms}, got '", problem, StringComparison.Ordinal);
        Assert.EndsWith(reason, problem, StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => ClusterAddress.Parse(text));
    }

    [Fact]
    public void A_password_is_never_repeated_in_a_message_or_in_the_address_as_text()
    {
        Assert.False(ClusterAddress.TryParse("redis://:hunter2@h:99999", out _, out var problem));
        Assert.DoesNotContain("hunter2", problem, StringComparison.Ordinal);
        Assert.Contains("'redis://***@h:99999'", problem, StringComparison.Ordinal);

        Assert.Equal("redis://:***@h:6379", ClusterAddress.Parse("redis://:hunter2@h:6379").ToString());
        Assert.Equal("redis://127.0.0.1:6379", ClusterAddress.Parse("redis://127.0.0.1:6379").ToString());

        Assert.False(ClusterAddress.TryParse("rediss://:hunter2@h:0", out _, out problem));
        Assert.DoesNotContain("hunter2", problem, StringComparison.Ordinal);
        Assert.Equal("rediss://:***@h:6379", ClusterAddress.Parse("rediss://:hunter2@h:6379").ToString());
    }

    [Theory]
    [InlineData("--cluster", "http://127.0.0.1:6379", "--cluster: expected redis://HOST:PORT, redis://:PASSWORD@HOST:PORT, rediss:// (the same over TLS) or gateway://HOST:PORT, got 'http://127.0.0.1:6379': the scheme 'http' is not supported")]
    [InlineData("--silo-port", "0", "--silo-port: expected a whole number 1..65535, got '0'")]
    [InlineData("--gateway-port", "65536", "--gateway-port: expected a whole number 1..65535, got '65536'")]
    public async Task Serve_refuses_a_bad_cluster_address_or_port_before_starting_anything(string option, string value, string message)
    {
        var (exit, stdout, stderr) = await CliRun.RunAsync("serve", option, value);

        Assert.Equal(1, exit);
        Assert.Empty(stdout);
        Assert.StartsWith(message, stderr, StringComparison.Ordinal);
    }
}
