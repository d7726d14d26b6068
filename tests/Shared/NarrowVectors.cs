using System.Diagnostics;
using System.Runtime.Intrinsics;

namespace LiubeiSim.Tests.Shared;

/// <summary>
/// Kernels take the widest vectors the machine has (AVX-512, AVX2, 128-bit, none), and every width must give the same
/// bits; a test process runs only its machine's widest path. This runs chosen test classes again in a child process
/// of the same test assembly with the runtime told to use narrower vectors, and checks in the child that it did.
/// </summary>
public static class NarrowVectors
{
    /// <summary>Set in a child: the widest vectors it must see, which <see cref="AssertNarrowed"/> checks.</summary>
    public const string Variable = "LIUBEISIM_TEST_VECTOR_BITS";

    private static readonly TimeSpan ChildLimit = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The runtime settings for each width: 256 turns AVX-512 off altogether (narrower preferred vectors alone would
    /// still let the 256-bit kernels use AVX-512's 64-bit multiply), so an AVX-512 machine runs what an AVX2 one does.
    /// </summary>
    public static string Knobs(int bits) => bits switch
    {
        256 => "DOTNET_EnableAVX512=0 DOTNET_EnableAVX512F=0 DOTNET_PreferredVectorBitWidth=256",
        128 => "DOTNET_EnableAVX2=0",
        0 => "DOTNET_EnableHWIntrinsic=0",
        _ => throw new ArgumentOutOfRangeException(nameof(bits), bits, "256, 128 or 0"),
    };

    /// <summary>Runs <paramref name="classes"/> of <paramref name="assembly"/>'s tests in a child narrowed to <paramref name="bits"/>; fails with its output unless all pass.</summary>
    public static async Task RunAsync(System.Reflection.Assembly assembly, int bits, params Type[] classes)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "exec", assembly.Location, "-noLogo", "-noColor" }.Concat(classes.SelectMany(c => new[] { "-class", c.FullName! })))
        {
            start.ArgumentList.Add(argument);
        }

        var knobs = Knobs(bits);
        foreach (var knob in knobs.Split(' '))
        {
            var at = knob.IndexOf('=', StringComparison.Ordinal);
            start.Environment[knob[..at]] = knob[(at + 1)..];
        }

        // None of the parent's own settings reach the child: a golden update (LIUBEISIM_UPDATE_GOLDEN) is the parent's
        // to write, children only check.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("LIUBEISIM_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        // The child must see its narrowed width, and the 256-bit paths must really run in it where this machine has them.
        start.Environment[Variable] = bits == 256 && Vector256.IsHardwareAccelerated ? "256+" : bits.ToString(System.Globalization.CultureInfo.InvariantCulture);

        using var child = Process.Start(start)!;
        var output = child.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var errors = child.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        limit.CancelAfter(ChildLimit);
        try
        {
            await child.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            child.Kill(entireProcessTree: true);
            if (TestContext.Current.CancellationToken.IsCancellationRequested)
            {
                throw;
            }

            Assert.Fail($"with {knobs} the child ran over {ChildLimit.TotalMinutes:0} minutes and was stopped");
        }

        var text = await output + await errors;
        Assert.True(child.ExitCode == 0, $"with {knobs} the child run failed (exit {child.ExitCode}):\n{text}");
        Assert.Contains("Failed: 0", text);
        Assert.DoesNotContain("Total: 0,", text);
    }

    /// <summary>In a child of <see cref="RunAsync"/>, the runtime really narrowed its vectors; elsewhere nothing to check.</summary>
    public static void AssertNarrowed()
    {
        switch (Environment.GetEnvironmentVariable(Variable))
        {
            case null:
                return;
            case "256":
                Assert.False(Vector512.IsHardwareAccelerated, "asked for 256-bit vectors, the child still has 512");
                break;
            case "256+":
                Assert.False(Vector512.IsHardwareAccelerated, "asked for 256-bit vectors, the child still has 512");
                Assert.True(Vector256.IsHardwareAccelerated, "asked for 256-bit vectors, the child has none");
                break;
            case "128":
                Assert.False(Vector256.IsHardwareAccelerated, "asked for 128-bit vectors, the child still has 256");
                break;
            case "0":
                Assert.False(Vector128.IsHardwareAccelerated, "asked for no vectors, the child still has 128-bit ones");
                break;
            case var other:
                Assert.Fail($"{Variable}={other} is not a width this test sets");
                break;
        }
    }
}
