using LiubeiSim.Grains.Runs;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LiubeiSim.Grains.Hosting;

/// <summary>
/// On every silo that keeps durable runs: asks the run catalog to keep its runs every few seconds, so a run whose
/// grain was lost with its silo starts again on a live one, and queued runs start as slots free up. Every silo does
/// it, so no silo is special; the catalog makes the extra calls harmless.
/// </summary>
public sealed partial class RunKeeper(IGrainFactory grains, IOptions<RunStoreOptions> options, ILogger<RunKeeper> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.KeepInterval);
        var failing = false;
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await grains.GetGrain<IRunCatalogGrain>(IRunCatalogGrain.Key).Keep().WaitAsync(options.Value.KeepInterval * 10, stoppingToken);
                if (failing)
                {
                    LogRecovered();
                    failing = false;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // Storage or the catalog's silo is away; said once, not every few seconds, and tried again.
                if (!failing)
                {
                    LogFailing(e);
                    failing = true;
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Keeping the run catalog failed; retrying every few seconds (runs whose silo was lost wait to start again)")]
    private partial void LogFailing(Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Keeping the run catalog works again")]
    private partial void LogRecovered();
}
