using System.Threading.Channels;

namespace LiubeiSim.Host.Runs;

/// <summary>Runs accepted and waiting for a slot, first come first served; bounded so a flood of POSTs is refused, not buffered.</summary>
public sealed class RunQueue(RunsSettings settings)
{
    private readonly Channel<RunRecord> _channel = Channel.CreateBounded<RunRecord>(new BoundedChannelOptions(Math.Max(1, settings.MaxQueued))
    {
        FullMode = BoundedChannelFullMode.Wait,
        SingleReader = true,
    });

    public bool TryEnqueue(RunRecord run) => _channel.Writer.TryWrite(run);

    public IAsyncEnumerable<RunRecord> ReadAllAsync(CancellationToken cancellationToken) => _channel.Reader.ReadAllAsync(cancellationToken);
}
