using LiubeiSim.Host.Hosting;

var app = LiubeiSimHost.Build(args);

// Ports moved off taken defaults are news to whoever started the host; logs may go elsewhere, stderr is theirs.
foreach (var notice in app.Services.GetRequiredService<SiloPorts>().Notices)
{
    Console.Error.WriteLine(notice);
}

try
{
    await app.RunAsync();
}
catch (SiloPortInUseException e)
{
    // The message names the port and the setting that changes it; a stack trace would add nothing.
    Console.Error.WriteLine($"LiubeiSim.Host: {e.Message}");
    return 1;
}

return 0;
