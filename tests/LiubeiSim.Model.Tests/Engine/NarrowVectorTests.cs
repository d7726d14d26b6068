using System.Diagnostics;
using System.Runtime.Intrinsics;
using LiubeiSim.Tests.Shared;

namespace LiubeiSim.Model.Tests.Engine;

/// <summary>
/// The engine's kernels take the widest vectors the machine has (AVX-512, AVX2, 128-bit, none), and every width must
/// give the same bits. A test process runs only its machine's widest path, so this one runs the golden outputs and the
/// draws' and powers' own tests again in child processes of this test assembly with the runtime told to use narrower vectors:
/// on a machine with AVX-512 that covers all four paths, on one with AVX2 three.
/// </summary>
public sealed class NarrowVectorTests
{
    /// <summary>Set in a child: the widest vectors it must see, which <see cref="AssertNarrowed"/> checks.</summary>
    public const string Variable = "LIUBEISIM_TEST_VECTOR_BITS";

    private static readonly TimeSpan ChildLimit = TimeSpan.FromMinutes(5);

    /// <summary>
    /// 256: no AVX-512 at all (not just narrower preferred vectors, under which the 256-bit kernels would still use
    /// AVX-512's 64-bit multiply), so an AVX-512 machine runs what an AVX2 one does; 128: no AVX2; 0: no vectors.
    /// </summary>
    [Theory]
    [InlineData(256, "DOTNET_EnableAVX512=0 DOTNET_EnableAVX512F=0 DOTNET_PreferredVectorBitWidth=256")]
    [InlineData(128, "DOTNET_EnableAVX2=0")]
    [InlineData(0, "DOTNET_EnableHWIntrinsic=0")]
    public async Task Golden_outputs_and_draws_keep_their_bits_on_narrower_vectors(int bits, string knobs)
    {
        var assembly = typeof(NarrowVectorTests).Assembly.Location;
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     "exec", assembly, "-noLogo", "-noColor",
                     "-class", typeof(GoldenOutputTests).FullName!,
                     "-class", typeof(DeterminismTests).FullName!,
                     "-class", typeof(Randomness.BatchDrawTests).FullName!,
                     "-class", typeof(Randomness.CdfSearchTests).FullName!,
                     "-class", typeof(Numerics.PowersTests).FullName!,
                 })
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var knob in knobs.Split(' '))
        {
            var (name, value) = (knob[..knob.IndexOf('=', StringComparison.Ordinal)], knob[(knob.IndexOf('=', StringComparison.Ordinal) + 1)..]);
            start.Environment[name] = value;
        }

        // The child must see its narrowed width, and the 256-bit paths must really run in it where this machine has them.
        start.Environment[Variable] = bits == 256 && Vector256.IsHardwareAccelerated ? "256+" : bits.ToString(System.Globalization.CultureInfo.InvariantCulture);

        // A golden update (GoldenOutputs.UpdateVariable) is the parent's to write: children only check.
        start.Environment.Remove(GoldenOutputs.UpdateVariable);

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
            throw;
        }

        var text = await output + await errors;
        Assert.True(child.ExitCode == 0, $"with {knobs} the child run failed (exit {child.ExitCode}):\n{text}");
        Assert.Contains("Failed: 0", text);
        Assert.DoesNotContain("Total: 0,", text);
    }

    /// <summary>In a child of the test above, the runtime really narrowed its vectors; elsewhere nothing to check.</summary>
    internal static void AssertNarrowed()
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
