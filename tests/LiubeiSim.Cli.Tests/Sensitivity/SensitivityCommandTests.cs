using System.Buffers.Binary;
using System.Globalization;
using LiubeiSim.Cli.Tests.Scenarios;

namespace LiubeiSim.Cli.Tests.Sensitivity;

public sealed class SensitivityCommandTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "liubeisim-sensitivity-" + Guid.NewGuid().ToString("N"));

    public SensitivityCommandTests() => Directory.CreateDirectory(_directory);

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static string Example => Path.Combine(LiubeiSim.Tests.Shared.RepositoryRoot.Path, "examples", "sweeps", "sensitivity-3.yaml");

    private static readonly string[] Factors =
        ["levers.sgmw_demand_growth", "levers.project_delay_months", "assumptions.chain.auto_parts_machinery.jobs_per_output"];

    /// <summary>The PNG signature, and the width and height from the IHDR chunk that must follow it.</summary>
    private static (int Width, int Height) PngSize(byte[] png)
    {
        Assert.True(png.AsSpan(0, 8).SequenceEqual(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }), "not a PNG signature");
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(png, 12, 4));
        Assert.Equal("IEND", System.Text.Encoding.ASCII.GetString(png, png.Length - 8, 4));
        return (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
    }

    [Fact]
    public async Task Sobol_on_the_model_writes_indices_csv_and_a_tornado_png()
    {
        var outDir = Path.Combine(_directory, "sobol");
        var (exit, stdout, stderr) = await CliRun.RunAsync("sensitivity", Example, "--method", "sobol", "--samples", "4", "--out", outDir, "--engine", "inprocess");
        Assert.True(exit == 0, stderr);
        Assert.Contains("20 runs (N = 4, 3 factors)", stderr, StringComparison.Ordinal);

        var lines = (await File.ReadAllLinesAsync(Path.Combine(outDir, "indices.csv"), TestContext.Current.CancellationToken)).ToList();
        Assert.Equal("output,factor,method,first,first_ci_low,first_ci_high,total,total_ci_low,total_ci_high", lines[0]);
        Assert.Equal(1 + (2 * 3), lines.Count);
        foreach (var output in new[] { "industrial_output", "new_urban_jobs" })
        {
            var rows = lines.Skip(1).Select(l => l.Split(',')).Where(f => f[0] == output).ToList();
            Assert.Equal(Factors.Order(), rows.Select(r => r[1]).Order());
            Assert.All(rows, r =>
            {
                Assert.Equal(9, r.Length);
                Assert.Equal("sobol", r[2]);
                Assert.All(r.Skip(3), v => Assert.True(double.IsFinite(double.Parse(v, CultureInfo.InvariantCulture)), v));
            });

            // Ranked by total index, as printed.
            var totals = rows.Select(r => double.Parse(r[6], CultureInfo.InvariantCulture)).ToList();
            Assert.Equal(totals.OrderDescending(), totals);
        }

        // The jobs-per-output assumption cannot move industrial output: its total index is exactly 0.
        var inert = lines.Single(l => l.StartsWith("industrial_output,assumptions.", StringComparison.Ordinal)).Split(',');
        Assert.Equal(0.0, double.Parse(inert[6], CultureInfo.InvariantCulture));

        var png = await File.ReadAllBytesAsync(Path.Combine(outDir, "tornado.png"), TestContext.Current.CancellationToken);
        var (width, height) = PngSize(png);
        Assert.Equal(900, width);
        Assert.True(height >= 2 * 110, $"height {height}");
        Assert.True(png.Length > 10_000, $"a {png.Length}-byte PNG is too small to hold two panels of bars and labels");

        Assert.Contains("ST 95% CI", stdout, StringComparison.Ordinal);
        Assert.Contains("sgmw_demand_growth", stdout, StringComparison.Ordinal);
        Assert.All(stdout.Split('\n').Where(l => !l.StartsWith("Wrote", StringComparison.Ordinal)), l => Assert.True(l.Length <= 80, $"wider than 80: '{l}'"));
        Assert.Contains("Wrote indices.csv and tornado.png", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Morris_writes_mu_star_and_sigma_per_output_and_factor()
    {
        var outDir = Path.Combine(_directory, "morris");
        var (exit, stdout, stderr) = await CliRun.RunAsync("sensitivity", Example, "--method", "morris", "--samples", "3", "--out", outDir, "--engine", "inprocess");
        Assert.True(exit == 0, stderr);
        Assert.Contains("12 runs (N = 3, 3 factors)", stderr, StringComparison.Ordinal);

        var lines = await File.ReadAllLinesAsync(Path.Combine(outDir, "indices.csv"), TestContext.Current.CancellationToken);
        Assert.Equal("output,factor,method,mu_star,sigma", lines[0]);
        Assert.Equal(7, lines.Length);
        Assert.All(lines.Skip(1), l =>
        {
            var f = l.Split(',');
            Assert.Equal(5, f.Length);
            Assert.Equal("morris", f[2]);
            Assert.True(double.Parse(f[3], CultureInfo.InvariantCulture) >= 0);
        });

        // More SGMW demand means more auto-parts output: its effect on industrial output cannot be nil.
        var sgmw = lines.Single(l => l.StartsWith("industrial_output,levers.sgmw_demand_growth,", StringComparison.Ordinal)).Split(',');
        Assert.True(double.Parse(sgmw[3], CultureInfo.InvariantCulture) > 0);
        PngSize(await File.ReadAllBytesAsync(Path.Combine(outDir, "tornado.png"), TestContext.Current.CancellationToken));
        Assert.Contains("μ*", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_spec_without_outputs_or_samples_says_what_is_missing()
    {
        var spec = Path.Combine(_directory, "spec.yaml");
        File.WriteAllText(spec, "base: baseline-2023\nfactors:\n  levers.sgmw_demand_growth: [0, 10]\n");
        var (exit, _, stderr) = await CliRun.RunAsync("sensitivity", spec, "--method", "sobol", "--engine", "inprocess");
        Assert.Equal(1, exit);
        Assert.Contains("outputs: missing", stderr, StringComparison.Ordinal);

        File.WriteAllText(spec, "base: baseline-2023\nfactors:\n  levers.sgmw_demand_growth: [0, 10]\noutputs: [gdp]\n");
        (exit, _, stderr) = await CliRun.RunAsync("sensitivity", spec, "--method", "morris", "--engine", "inprocess");
        Assert.Equal(1, exit);
        Assert.Contains("samples: missing", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_help_explains_the_methods_and_the_output_used()
    {
        var (_, help, _) = await CliRun.RunAsync("sensitivity", "--help");
        Assert.Contains("MEAN over replications", help, StringComparison.Ordinal);
        Assert.Contains("liubeisim sensitivity examples/sweeps/sensitivity-3.yaml --method sobol", help, StringComparison.Ordinal);
        Assert.Contains("N(k+2)", help, StringComparison.Ordinal);
    }
}
