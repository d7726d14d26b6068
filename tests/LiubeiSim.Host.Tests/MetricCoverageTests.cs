using System.Text.Json;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace LiubeiSim.Host.Tests;

/// <summary>Every metric the Grafana dashboard and the alert rules query is one a running host exports: no empty panel, no alert that can never fire.</summary>
[Collection(HostCollection.Name)]
public sealed partial class MetricCoverageTests
{
    [Fact]
    public async Task Every_metric_in_the_dashboard_and_the_alert_rules_is_exported_by_a_running_host()
    {
        var referenced = DashboardExpressions().Concat(RuleExpressions())
            .SelectMany(expression => MetricName().Matches(expression).Select(m => m.Value))
            .ToHashSet(StringComparer.Ordinal);
        Assert.Contains(referenced, name => name.StartsWith("liubeisim_", StringComparison.Ordinal));
        Assert.Contains(referenced, name => name.StartsWith("orleans_", StringComparison.Ordinal));

        await using var host = await RunningHost.StartAsync();

        // A completed run, so histograms have samples; failed and cancelled counters are exported at 0 from the start.
        var id = await host.SubmitAsync(new { scenario = "baseline-2023", replications = 100 });
        Assert.Equal("completed", (await host.WaitForOutcomeAsync(id)).GetProperty("status").GetString());
        var exported = (await host.MetricsAsync()).Split('\n')
            .Where(line => line.Length > 0 && line[0] != '#')
            .Select(line => line[..line.IndexOfAny(['{', ' '])])
            .ToHashSet(StringComparer.Ordinal);

        var missing = referenced.Where(name => !exported.Contains(name)).Order(StringComparer.Ordinal).ToList();
        Assert.True(missing.Count == 0, $"referenced but not exported: {string.Join(", ", missing)}");
    }

    private static IEnumerable<string> DashboardExpressions()
    {
        using var dashboard = JsonDocument.Parse(File.ReadAllText(RepositoryFiles.Deploy("grafana", "dashboards", "liubeisim.json")));
        var expressions = new List<string>();
        Collect(dashboard.RootElement, expressions);
        Assert.NotEmpty(expressions);
        return expressions;

        static void Collect(JsonElement element, List<string> into)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    foreach (var property in element.EnumerateObject())
                    {
                        if (property.Name is "expr" or "query" && property.Value.ValueKind == JsonValueKind.String)
                        {
                            into.Add(property.Value.GetString()!);
                        }
                        else
                        {
                            Collect(property.Value, into);
                        }
                    }

                    break;
                case JsonValueKind.Array:
                    foreach (var item in element.EnumerateArray())
                    {
                        Collect(item, into);
                    }

                    break;
            }
        }
    }

    private static IEnumerable<string> RuleExpressions()
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(RepositoryFiles.Deploy("prometheus", "alerts.yml")))
        {
            yaml.Load(reader);
        }

        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        var expressions = ((YamlSequenceNode)root[new YamlScalarNode("groups")])
            .Cast<YamlMappingNode>()
            .SelectMany(group => ((YamlSequenceNode)group[new YamlScalarNode("rules")]).Cast<YamlMappingNode>())
            .Select(rule => ((YamlScalarNode)rule[new YamlScalarNode("expr")]).Value!)
            .ToList();
        Assert.NotEmpty(expressions);
        return expressions;
    }

    /// <summary>Metric names of what the host exports: LiubeiSim's, Orleans', the runtime's and ASP.NET Core's (<c>up</c> is Prometheus' own).</summary>
    [GeneratedRegex(@"\b(?:liubeisim|orleans|dotnet|http_server|kestrel|aspnetcore)_[a-z0-9_]+\b")]
    private static partial Regex MetricName();
}
