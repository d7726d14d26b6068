using LiubeiSim.Host.Hosting;

await LiubeiSimHost.Build(args).RunAsync();
