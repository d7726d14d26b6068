using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using LiubeiSim.Grains.Hosting;

namespace LiubeiSim.Host.Tests;

/// <summary>
/// Redis over TLS as deploy/README.md tells an operator to set it up: a TLS-only redis-server with a password and a
/// certificate of a private CA, the host given <c>rediss://</c> (as a connection string) and the CA's root in
/// <c>SSL_CERT_FILE</c>. The certificate is checked: without the root, the host never becomes ready.
/// </summary>
public sealed class RedisTlsTests
{
    [Fact]
    public async Task A_host_joins_a_TLS_only_redis_through_rediss_and_trusts_it_only_with_the_CA_in_SSL_CERT_FILE()
    {
        var binary = DebianTools.RedisServer;
        var directory = Directory.CreateTempSubdirectory("liubeisim-redis-tls-");
        try
        {
            var (certificate, key) = WriteSelfSignedCertificate(directory.FullName);
            await using var redis = await RedisServer.StartAsync(binary, password: $"pw-{Guid.NewGuid():N}", tls: (certificate, key));
            var connection = ClusterAddress.Parse($"rediss://:{redis.Password}@127.0.0.1:{redis.Port}") is RedisClusterAddress address
                ? address.ToConnectionString()
                : throw new InvalidOperationException("rediss:// did not parse as a Redis address");
            Assert.EndsWith(",ssl=true", connection, StringComparison.Ordinal);

            // Without the CA the certificate is not trusted: the silo cannot reach its membership table.
            await using (var untrusting = ContainerHostProcess.Start(new Dictionary<string, string>
            {
                ["Orleans__Redis"] = connection,
                ["Orleans__AdvertisedHost"] = "127.0.0.1",
            }))
            {
                // At least 15 s, and until the host has said why (CI once saw no line at all within 15 s on a loaded machine).
                await untrusting.AssertNeverAnswersAsync("/readyz", HttpStatusCode.OK, TimeSpan.FromSeconds(15), until: output => output.Contains("UntrustedRoot", StringComparison.Ordinal));

                // For the right reason: the chain, not the password or the port.
                Assert.Contains("UntrustedRoot", untrusting.Output, StringComparison.Ordinal);
            }

            await using var host = ContainerHostProcess.Start(new Dictionary<string, string>
            {
                ["Orleans__Redis"] = connection,
                ["Orleans__AdvertisedHost"] = "127.0.0.1",
                ["SSL_CERT_FILE"] = certificate,
            });
            Assert.Equal("Healthy", await host.WaitForAsync("/readyz", HttpStatusCode.OK));
            await host.TerminateAsync(TimeSpan.FromSeconds(60));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>A self-signed certificate for 127.0.0.1, standing in for a private CA's: PEM files of it and of its key.</summary>
    private static (string Certificate, string Key) WriteSelfSignedCertificate(string directory)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=liubeisim-test-redis", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyCertSign, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));

        var certificateFile = Path.Combine(directory, "redis.crt");
        var keyFile = Path.Combine(directory, "redis.key");
        File.WriteAllText(certificateFile, certificate.ExportCertificatePem());
        File.WriteAllText(keyFile, key.ExportPkcs8PrivateKeyPem());
        return (certificateFile, keyFile);
    }
}
