using System.Runtime.ExceptionServices;

namespace LiubeiSim.Model.Engine;

/// <summary>
/// Parallel loops on the thread pool's cores whatever scheduler the caller runs on (a grain's runs one task at a
/// time), whose failures come out as the body threw them, as they would on one thread, not wrapped in an
/// <see cref="AggregateException"/>.
/// </summary>
internal static class AllCores
{
    private static readonly ParallelOptions Options = new() { TaskScheduler = TaskScheduler.Default };

    /// <summary><paramref name="body"/> for 0 .. <paramref name="count"/> − 1, in parallel.</summary>
    public static void For(int count, Action<int> body) => Unwrapped(() => Parallel.For(0, count, Options, body));

    /// <summary>As <see cref="For(int, Action{int})"/>, each thread with scratch of its own from <paramref name="scratch"/>.</summary>
    public static void For<TScratch>(int count, Func<TScratch> scratch, Func<int, TScratch, TScratch> body) =>
        Unwrapped(() => Parallel.For(0, count, Options, scratch, (i, _, local) => body(i, local), _ => { }));

    private static void Unwrapped(Action loop)
    {
        try
        {
            loop();
        }
        catch (AggregateException e)
        {
            ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
            throw;
        }
    }
}
