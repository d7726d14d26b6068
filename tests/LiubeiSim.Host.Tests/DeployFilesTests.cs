using YamlDotNet.RepresentationModel;

namespace LiubeiSim.Host.Tests;

/// <summary>
/// Docker does not run where these tests run, so compose and the Kubernetes manifests are checked as files: the
/// shape the runbook promises, the settings the host reads, and Orleans' Kubernetes hosting requirements.
/// </summary>
public sealed class DeployFilesTests
{
    [Fact]
    public void Compose_has_three_silos_redis_prometheus_and_grafana_published_on_loopback_only()
    {
        var services = Mapping(Load("compose.yaml")[0], "services");
        var names = services.Children.Keys.Select(k => ((YamlScalarNode)k).Value ?? string.Empty).ToHashSet(StringComparer.Ordinal);
        string[] expected = ["redis", "silo1", "silo2", "silo3", "prometheus", "grafana"];
        Assert.True(names.IsSupersetOf(expected), $"services: {string.Join(", ", names)}");

        foreach (var (name, service) in services.Children.Select(c => (((YamlScalarNode)c.Key).Value!, (YamlMappingNode)c.Value)))
        {
            if (service.Children.TryGetValue(new YamlScalarNode("ports"), out var ports))
            {
                Assert.All(((YamlSequenceNode)ports).Cast<YamlScalarNode>(), p => Assert.StartsWith("127.0.0.1:", p.Value, StringComparison.Ordinal));
            }
        }

        var text = File.ReadAllText(RepositoryFiles.Deploy("compose.yaml"));
        Assert.Contains("Orleans__Redis: \"redis:6379,password=${REDIS_PASSWORD", text, StringComparison.Ordinal);
        Assert.Contains("./prometheus/alerts.yml:", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_kubernetes_silos_follow_orleans_kubernetes_hosting()
    {
        var documents = Directory.GetFiles(RepositoryFiles.Deploy("kubernetes"), "*.yaml").SelectMany(Load).ToList();
        YamlMappingNode Kind(string kind, string name) => documents.Single(d =>
            Scalar(d, "kind") == kind && Scalar(Mapping(d, "metadata"), "name") == name);

        var deployment = Kind("Deployment", "liubeisim");
        var template = Mapping(Mapping(deployment, "spec"), "template");
        var labels = Mapping(Mapping(template, "metadata"), "labels");
        Assert.Equal("liubeisim", Scalar(labels, "orleans/serviceId"));
        Assert.Equal("liubeisim", Scalar(labels, "orleans/clusterId"));

        var container = (YamlMappingNode)((YamlSequenceNode)Mapping(template, "spec")["containers"]).Children[0];
        var env = ((YamlSequenceNode)container["env"]).Cast<YamlMappingNode>().Select(e => Scalar(e, "name") ?? string.Empty).ToHashSet(StringComparer.Ordinal);
        string[] required = ["POD_NAME", "POD_NAMESPACE", "POD_IP", "ORLEANS_SERVICE_ID", "ORLEANS_CLUSTER_ID"];
        Assert.True(env.IsSupersetOf(required), $"env: {string.Join(", ", env)}");
        Assert.Equal("/readyz", Scalar(Mapping(Mapping(container, "readinessProbe"), "httpGet"), "path"));
        Assert.Equal("/healthz", Scalar(Mapping(Mapping(container, "livenessProbe"), "httpGet"), "path"));

        var config = Mapping(Kind("ConfigMap", "liubeisim"), "data");
        Assert.Equal("true", Scalar(config, "Orleans__Kubernetes"));
        Assert.False(string.IsNullOrWhiteSpace(Scalar(config, "LIUBEISIM_REDIS")));

        Kind("Service", "liubeisim");
        Kind("PodDisruptionBudget", "liubeisim");
        Kind("Role", "liubeisim-silo");
        Kind("RoleBinding", "liubeisim-silo");
    }

    [Fact]
    public void The_image_runs_the_host_and_listens_beyond_loopback_only_inside_the_container()
    {
        var dockerfile = File.ReadAllText(RepositoryFiles.Deploy("Dockerfile"));
        Assert.Contains("dotnet publish src/LiubeiSim.Host/LiubeiSim.Host.csproj", dockerfile, StringComparison.Ordinal);
        Assert.Contains("ENTRYPOINT [\"dotnet\", \"LiubeiSim.Host.dll\"]", dockerfile, StringComparison.Ordinal);
        Assert.Contains("ASPNETCORE_URLS=http://0.0.0.0:8080", dockerfile, StringComparison.Ordinal);
    }

    private static List<YamlMappingNode> Load(string file)
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(Path.IsPathRooted(file) ? file : RepositoryFiles.Deploy(file)))
        {
            yaml.Load(reader);
        }

        return yaml.Documents.Select(d => (YamlMappingNode)d.RootNode).ToList();
    }

    private static YamlMappingNode Mapping(YamlMappingNode node, string key) => (YamlMappingNode)node[new YamlScalarNode(key)];

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? ((YamlScalarNode)value).Value : null;
}
