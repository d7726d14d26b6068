namespace LiubeiSim.Host.Hosting;

public static class ListenAddressExtensions
{
    /// <summary>Where the host listens when nobody said: loopback only, so starting it on a laptop exposes nothing.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5180";

    /// <summary>
    /// Binds <see cref="DefaultUrl"/> unless an address was given (<c>--urls</c>, <c>ASPNETCORE_URLS</c>,
    /// <c>ASPNETCORE_HTTP_PORTS</c> or Kestrel endpoints in configuration). ASP.NET Core's own default is
    /// <c>localhost:5000</c>; a fixed LiubeiSim port keeps the runbook's examples true.
    /// </summary>
    public static WebApplicationBuilder BindLoopbackUnlessTold(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var told = !string.IsNullOrWhiteSpace(configuration["urls"])
            || !string.IsNullOrWhiteSpace(configuration["http_ports"])
            || !string.IsNullOrWhiteSpace(configuration["https_ports"])
            || configuration.GetSection("Kestrel:Endpoints").Exists();
        if (!told)
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        return builder;
    }
}
