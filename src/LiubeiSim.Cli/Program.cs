using LiubeiSim.Cli.Hosting;

return await CliApplication.RunAsync(args, CliConsole.FromProcess());
