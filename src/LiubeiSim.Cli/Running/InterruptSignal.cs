using System.Runtime.InteropServices;

namespace LiubeiSim.Cli.Running;

/// <summary>
/// Turns Ctrl+C (SIGINT) and SIGTERM into a cancellation for the duration of a run, so the run stops cleanly and
/// says so instead of the process dying mid-write. The command line's configuration does not set up its own
/// termination handling, so without this the signal would end the process at once.
/// </summary>
public sealed class InterruptSignal : IDisposable
{
    private readonly CancellationTokenSource _source;
    private readonly PosixSignalRegistration[] _registrations;

    public InterruptSignal(CancellationToken outer)
    {
        _source = CancellationTokenSource.CreateLinkedTokenSource(outer);
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle),
        ];
    }

    public CancellationToken Token => _source.Token;

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _source.Dispose();
    }

    private void Handle(PosixSignalContext context)
    {
        context.Cancel = true;
        _source.Cancel();
    }
}
