using LiubeiSim.Host.Hosting;
using LiubeiSim.Host.Identity;

await using var app = LiubeiSimHost.Build(args);

// Ports moved off taken defaults are news to whoever started the host; logs may go elsewhere, stderr is theirs.
foreach (var notice in app.Services.GetRequiredService<SiloPorts>().Notices)
{
    Console.Error.WriteLine(notice);
}

try
{
    await app.StartAsync();
}
catch (Exception e) when (e is SiloPortInUseException || IdentityStartException.In(e) is not null)
{
    // The message names the port and the setting that changes it, or why no key is a problem here and what to do; a
    // stack trace would add nothing.
    Console.Error.WriteLine($"LiubeiSim.Host: {IdentityStartException.In(e)?.Message ?? e.Message}");
    if (IdentityStartException.In(e) is not null)
    {
        // Refused after the silo started (the check reads the keyring): stop it in order rather than by disposal.
        await app.StopAsync();
    }

    return 1;
}

if (app.OpenAccessNotice() is { } open)
{
    Console.Error.WriteLine($"LiubeiSim.Host: {open}");
}

await app.WaitForShutdownAsync();

return 0;
