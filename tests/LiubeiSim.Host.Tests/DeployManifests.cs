using System.Diagnostics;
using YamlDotNet.RepresentationModel;

namespace LiubeiSim.Host.Tests;

/// <summary>
/// deploy/'s manifests as a cluster or Docker would read them: the Kubernetes objects that <c>kubectl kustomize</c>
/// renders (every transformation of kustomization.yaml applied), and compose.yaml with its YAML merge keys resolved.
/// </summary>
public sealed class DeployManifests
{
    private static readonly Lazy<DeployManifests> RenderedKubernetes = new(RenderKubernetes);

    private DeployManifests(IReadOnlyList<YamlMappingNode> objects, string how)
    {
        Objects = objects;
        How = how;
    }

    /// <summary>Every rendered object, in kustomize's order.</summary>
    public IReadOnlyList<YamlMappingNode> Objects { get; }

    /// <summary>How the objects were rendered, for test messages.</summary>
    public string How { get; }

    /// <summary>
    /// deploy/kubernetes rendered by <c>kubectl kustomize</c>. Without kubectl (it is no Debian package the tests could
    /// install), the files that kustomization.yaml lists are read instead, with its namespace and image settings
    /// applied, the only transformations it uses; <see cref="How"/> says which.
    /// </summary>
    public static DeployManifests Kubernetes => RenderedKubernetes.Value;

    /// <summary>deploy/compose.yaml with every <c>&lt;&lt;: *anchor</c> merged into its mapping, as Docker Compose reads it.</summary>
    public static YamlMappingNode Compose()
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(RepositoryFiles.Deploy("compose.yaml")))
        {
            yaml.Load(reader);
        }

        return (YamlMappingNode)ResolveMerges(yaml.Documents[0].RootNode);
    }

    public IEnumerable<YamlMappingNode> OfKind(string kind) => Objects.Where(o => o.Text("kind") == kind);

    public YamlMappingNode Single(string kind, string name)
    {
        var found = OfKind(kind).Where(o => o.Text("metadata", "name") == name).ToList();
        Assert.True(found.Count == 1, $"{found.Count} {kind} named {name} in the manifests ({How})");
        return found[0];
    }

    /// <summary>Every workload's pod template spec, with the workload's kind/name for messages.</summary>
    public IEnumerable<(string Workload, YamlMappingNode Pod)> PodSpecs() =>
        Objects
            .Where(o => o.Text("kind") is "Deployment" or "StatefulSet" or "DaemonSet" or "Job" or "CronJob")
            .Select(o => ($"{o.Text("kind")}/{o.Text("metadata", "name")}",
                o.Text("kind") == "CronJob" ? o.Map("spec", "jobTemplate", "spec", "template", "spec") : o.Map("spec", "template", "spec")));

    /// <summary>Merges YAML merge keys (<c>&lt;&lt;</c>): the merged mappings' entries first, the mapping's own entries over them.</summary>
    private static YamlNode ResolveMerges(YamlNode node)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                var resolved = new YamlMappingNode();
                if (mapping.Children.TryGetValue(new YamlScalarNode("<<"), out var merged))
                {
                    var sources = merged is YamlSequenceNode many ? many.Children : [merged];
                    foreach (var source in sources.Select(ResolveMerges).Cast<YamlMappingNode>())
                    {
                        foreach (var (key, value) in source.Children)
                        {
                            resolved.Children[key] = value;
                        }
                    }
                }

                foreach (var (key, value) in mapping.Children.Where(c => !(c.Key is YamlScalarNode { Value: "<<" })))
                {
                    resolved.Children[key] = ResolveMerges(value);
                }

                return resolved;
            case YamlSequenceNode sequence:
                return new YamlSequenceNode(sequence.Children.Select(ResolveMerges));
            default:
                return node;
        }
    }

    /// <summary>kubectl, where the tests can find it; null when it is not installed.</summary>
    public static string? Kubectl
    {
        get
        {
            string[] candidates = ["/usr/bin/kubectl", .. (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
                .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .Select(d => Path.Combine(d, "kubectl"))];
            return candidates.FirstOrDefault(File.Exists);
        }
    }

    /// <summary>deploy/kubernetes as the tests read it without kubectl, whether or not kubectl is there (to compare the two).</summary>
    public static DeployManifests KubernetesWithoutKubectl() =>
        new(ReadKustomization(RepositoryFiles.Deploy("kubernetes")),
            "the files kustomization.yaml lists, with its namespace and images applied (kubectl was not found)");

    private static DeployManifests RenderKubernetes()
    {
        var directory = RepositoryFiles.Deploy("kubernetes");
        if (Kubectl is { } kubectl)
        {
            using var rendered = new StringReader(RunKubectl(kubectl, directory));
            return new DeployManifests(Documents(rendered), $"`kubectl kustomize {directory}`");
        }

        return KubernetesWithoutKubectl();
    }

    private static string RunKubectl(string kubectl, string directory)
    {
        var start = new ProcessStartInfo(kubectl)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("kustomize");
        start.ArgumentList.Add(directory);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("kubectl did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("kubectl kustomize did not finish within 2 minutes.");
        }

        Assert.True(process.ExitCode == 0, $"kubectl kustomize {directory} exited {process.ExitCode}: {stderr.Result}");
        return stdout.Result;
    }

    private static List<YamlMappingNode> Documents(TextReader reader)
    {
        var yaml = new YamlStream();
        yaml.Load(reader);
        return yaml.Documents.Where(d => d.RootNode is YamlMappingNode { Children.Count: > 0 }).Select(d => (YamlMappingNode)d.RootNode).ToList();
    }

    private static List<YamlMappingNode> DocumentsOf(string file)
    {
        using var reader = File.OpenText(file);
        return Documents(reader);
    }

    private static List<YamlMappingNode> ReadKustomization(string directory)
    {
        var kustomization = DocumentsOf(Path.Combine(directory, "kustomization.yaml")).Single();
        var objects = kustomization.Items("resources")
            .SelectMany(r => DocumentsOf(Path.Combine(directory, ((YamlScalarNode)r).Value!)))
            .ToList();
        if (kustomization.Text("namespace") is { } ns)
        {
            foreach (var o in objects.Where(o => o.Text("kind") != "Namespace"))
            {
                o.Map("metadata").Children[new YamlScalarNode("namespace")] = new YamlScalarNode(ns);
            }

            // As kustomize: a role binding's service accounts are the namespace's.
            foreach (var subject in objects.Where(o => o.Text("kind") == "RoleBinding").SelectMany(o => o.Items("subjects")).Cast<YamlMappingNode>()
                .Where(s => s.Text("kind") == "ServiceAccount" && s.Text("namespace") is null))
            {
                subject.Children[new YamlScalarNode("namespace")] = new YamlScalarNode(ns);
            }
        }

        foreach (var image in kustomization.Items("images").Cast<YamlMappingNode>())
        {
            foreach (var container in objects.SelectMany(o => new[] { o.Node("spec", "template", "spec", "containers"), o.Node("spec", "template", "spec", "initContainers") })
                .OfType<YamlSequenceNode>().SelectMany(s => s.Children).Cast<YamlMappingNode>())
            {
                var current = container.Text("image") ?? string.Empty;
                var name = current.Split('@')[0];
                name = name.LastIndexOf(':') > name.LastIndexOf('/') ? name[..name.LastIndexOf(':')] : name;
                if (name != image.Text("name"))
                {
                    continue;
                }

                var renamed = image.Text("newName") ?? name;
                var tagged = image.Text("newTag") is { } tag ? $"{renamed}:{tag}" : renamed;
                container.Children[new YamlScalarNode("image")] = new YamlScalarNode(image.Text("digest") is { } digest ? $"{tagged}@{digest}" : tagged);
            }
        }

        return objects;
    }
}

/// <summary>Reading paths out of YAML trees; a missing step gives null, so a test says what is missing.</summary>
public static class YamlPaths
{
    public static YamlNode? Node(this YamlNode node, params string[] path)
    {
        var current = node;
        foreach (var key in path)
        {
            if (current is not YamlMappingNode mapping || !mapping.Children.TryGetValue(new YamlScalarNode(key), out var next))
            {
                return null;
            }

            current = next;
        }

        return current;
    }

    public static string? Text(this YamlNode node, params string[] path) => (node.Node(path) as YamlScalarNode)?.Value;

    public static YamlMappingNode Map(this YamlNode node, params string[] path) =>
        node.Node(path) as YamlMappingNode ?? throw new InvalidOperationException($"no mapping at {string.Join('.', path)}");

    /// <summary>The items of the sequence at <paramref name="path"/>; none when there is no sequence there.</summary>
    public static IReadOnlyList<YamlNode> Items(this YamlNode node, params string[] path) =>
        node.Node(path) is YamlSequenceNode sequence ? sequence.Children.ToList() : [];

    /// <summary>The scalars of the sequence at <paramref name="path"/>.</summary>
    public static IReadOnlyList<string> Texts(this YamlNode node, params string[] path) =>
        node.Items(path).OfType<YamlScalarNode>().Select(s => s.Value ?? string.Empty).ToList();
}
