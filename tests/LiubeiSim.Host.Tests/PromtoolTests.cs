namespace LiubeiSim.Host.Tests;

/// <summary>The deploy/ Prometheus files as Prometheus itself reads them: the config, the rules, and the rules' unit tests.</summary>
public sealed class PromtoolTests
{
    private static readonly string PrometheusDirectory = RepositoryFiles.Deploy("prometheus");

    [Fact]
    public async Task The_prometheus_config_and_the_rules_it_loads_are_valid()
    {
        // promtool wants the scrape key's file to exist, as Prometheus has it under compose (a secret): a copy of the
        // directory with a stand-in key.
        var promtool = DebianTools.Promtool;
        var directory = Directory.CreateTempSubdirectory("liubeisim-prometheus-");
        try
        {
            foreach (var file in new[] { "prometheus.yml", "alerts.yml" })
            {
                File.Copy(Path.Combine(PrometheusDirectory, file), Path.Combine(directory.FullName, file));
            }

            await File.WriteAllTextAsync(Path.Combine(directory.FullName, "liubeisim-metrics.key"), "stand-in", TestContext.Current.CancellationToken);
            var outcome = await ToolProcess.RunAsync(promtool, directory.FullName, "check", "config", "prometheus.yml");
            Assert.True(outcome.ExitCode == 0, outcome.ToString());
            Assert.Contains("1 rule files found", outcome.Output, StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task The_alert_rules_are_valid()
    {
        var outcome = await ToolProcess.RunAsync(DebianTools.Promtool, PrometheusDirectory, "check", "rules", "alerts.yml");
        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        Assert.Contains("4 rules found", outcome.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_alert_rules_pass_their_unit_tests()
    {
        var outcome = await ToolProcess.RunAsync(DebianTools.Promtool, PrometheusDirectory, "test", "rules", "alerts.test.yml");
        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        Assert.Contains("SUCCESS", outcome.Output, StringComparison.Ordinal);
    }
}
