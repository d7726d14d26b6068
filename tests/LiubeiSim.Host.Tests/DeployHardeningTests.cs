using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using LiubeiSim.Grains.Engine;
using LiubeiSim.Host.Hosting;
using LiubeiSim.Model.Admission;
using LiubeiSim.Model.Scenarios;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using YamlDotNet.RepresentationModel;

namespace LiubeiSim.Host.Tests;

/// <summary>
/// The hardening of deploy/ (issue 11), checked on what a cluster would apply: the Kubernetes objects as
/// <c>kubectl kustomize</c> renders them and compose.yaml as Docker Compose reads it. Each test reads the property
/// itself, so reverting it in a manifest fails the test.
/// </summary>
public sealed partial class DeployHardeningTests
{
    /// <summary>
    /// The runs deploy/README.md promises each deployment admits ("Memory"): baseline-2023's 12 months at these
    /// replications, on the API's default shards. Larger ones answer 422; runs that fit alone but not together wait.
    /// </summary>
    private const int KubernetesSizedReplications = 150_000;

    private const int ComposeSizedReplications = 75_000;

    /// <summary>.NET's heap limit in a container with a memory limit, unless DOTNET_GCHeapHardLimit* says otherwise.</summary>
    private const double HeapShareOfLimit = 0.75;

    /// <summary>One attempt at a membership write while Redis is down (StackExchange.Redis' 5 s timeout) and Orleans' backoff after it.</summary>
    private static readonly TimeSpan AttemptAndBackoff = TimeSpan.FromSeconds(10);

    private static DeployManifests K8s => DeployManifests.Kubernetes;

    private static YamlMappingNode Silo => Containers(K8s.Single("Deployment", "liubeisim").Map("spec", "template", "spec")).Single(c => c.Text("name") == "silo");

    private static YamlMappingNode SiloPod => K8s.Single("Deployment", "liubeisim").Map("spec", "template", "spec");

    private static YamlMappingNode RedisPod => K8s.Single("Deployment", "redis").Map("spec", "template", "spec");

    private static YamlMappingNode Redis => Containers(RedisPod).Single(c => c.Text("name") == "redis");

    private static YamlMappingNode Config => K8s.Single("ConfigMap", "liubeisim").Map("data");

    [Fact]
    public void Without_kubectl_the_tests_read_the_same_objects_that_kubectl_kustomize_renders()
    {
        // CI has no kubectl (no Debian package provides it): there the tests read the files themselves, and this
        // comparison, run wherever kubectl is, keeps that reading faithful to kustomize's.
        if (DeployManifests.Kubectl is null)
        {
            Assert.Skip("kubectl is not installed (it is not a Debian package): nothing to compare the tests' own reading of kustomization.yaml with.");
        }

        static Dictionary<string, string> ByName(DeployManifests manifests) =>
            manifests.Objects.ToDictionary(o => $"{o.Text("kind")}/{o.Text("metadata", "name")}", o => Canonical(o));

        var rendered = ByName(K8s);
        var read = ByName(DeployManifests.KubernetesWithoutKubectl());
        Assert.Equal(rendered.Keys.Order(StringComparer.Ordinal), read.Keys.Order(StringComparer.Ordinal));
        Assert.All(rendered, pair => Assert.Equal(pair.Value, read[pair.Key]));
    }

    [Fact]
    public void Every_kubernetes_container_runs_as_a_numeric_non_root_user_on_a_read_only_root_without_privileges_or_capabilities()
    {
        var checkedContainers = new List<string>();
        foreach (var (workload, pod) in K8s.PodSpecs())
        {
            foreach (var flag in new[] { "hostNetwork", "hostPID", "hostIPC" })
            {
                Assert.NotEqual("true", pod.Text(flag));
            }

            foreach (var container in Containers(pod))
            {
                var where = $"{workload} container {container.Text("name")} ({K8s.How})";
                string? Effective(params string[] path) => container.Text(["securityContext", .. path]) ?? pod.Text(["securityContext", .. path]);

                Assert.True(Effective("runAsNonRoot") == "true", $"{where}: runAsNonRoot is not true");
                Assert.True(long.TryParse(Effective("runAsUser"), NumberStyles.None, CultureInfo.InvariantCulture, out var user) && user > 0,
                    $"{where}: runAsUser is not a numeric non-root user: {Effective("runAsUser")}");
                Assert.True(container.Text("securityContext", "readOnlyRootFilesystem") == "true", $"{where}: the root file system is writable");
                Assert.True(container.Text("securityContext", "allowPrivilegeEscalation") == "false", $"{where}: allowPrivilegeEscalation is not false");
                Assert.NotEqual("true", container.Text("securityContext", "privileged"));
                Assert.Contains("ALL", container.Texts("securityContext", "capabilities", "drop"));
                Assert.Empty(container.Items("securityContext", "capabilities", "add"));
                Assert.True(Effective("seccompProfile", "type") == "RuntimeDefault", $"{where}: seccompProfile is not RuntimeDefault");
                checkedContainers.Add(where);
            }
        }

        // The silos and Redis at least: an empty rendering must not pass.
        Assert.True(checkedContainers.Count >= 2, string.Join("; ", checkedContainers));
    }

    [Fact]
    public void The_namespace_enforces_the_restricted_pod_security_standard()
    {
        var labels = K8s.Single("Namespace", "liubeisim").Map("metadata", "labels");
        Assert.Equal("restricted", labels.Text("pod-security.kubernetes.io/enforce"));
        Assert.All(K8s.Objects.Where(o => o.Text("kind") != "Namespace"), o => Assert.Equal("liubeisim", o.Text("metadata", "namespace")));
    }

    [Fact]
    public void The_silo_writes_only_to_an_emptyDir_at_tmp_and_Redis_only_to_its_persistent_volume()
    {
        var siloMounts = Mounts(SiloPod, Silo);
        Assert.Equal(new[] { "/tmp" }, siloMounts.Keys);
        Assert.NotNull(siloMounts["/tmp"].Node("emptyDir"));
        Assert.Null(siloMounts["/tmp"].Node("emptyDir", "medium"));

        var redisMounts = Mounts(RedisPod, Redis);
        Assert.Equal(new[] { "/data" }, redisMounts.Keys);
        var claim = redisMounts["/data"].Text("persistentVolumeClaim", "claimName");
        Assert.NotNull(claim);
        Assert.Contains("ReadWriteOnce", K8s.Single("PersistentVolumeClaim", claim).Texts("spec", "accessModes"));

        Assert.All(K8s.PodSpecs(), p => Assert.DoesNotContain(p.Pod.Items("volumes").Cast<YamlMappingNode>(), v => v.Node("hostPath") is not null));
    }

    [Fact]
    public void Redis_keeps_its_append_only_file_on_the_persistent_volume_and_is_never_two_pods_on_it()
    {
        var args = Redis.Texts("args");
        Assert.Equal("yes", After(args, "--appendonly"));
        Assert.Equal("Recreate", K8s.Single("Deployment", "redis").Text("spec", "strategy", "type"));
        Assert.Equal("1", K8s.Single("Deployment", "redis").Text("spec", "replicas"));

        // A full Redis refuses writes rather than being killed at its limit.
        Assert.Equal("noeviction", After(args, "--maxmemory-policy"));
        Assert.True(Bytes(After(args, "--maxmemory")!) < Bytes(Redis.Text("resources", "limits", "memory")!), "maxmemory is not below the container's limit");
    }

    [Fact]
    public void Only_the_silo_pods_mount_a_service_account_token_and_their_role_is_what_orleans_kubernetes_hosting_needs()
    {
        var bound = K8s.OfKind("RoleBinding").SelectMany(b => b.Items("subjects").Cast<YamlMappingNode>())
            .Where(s => s.Text("kind") == "ServiceAccount").Select(s => s.Text("name")).ToHashSet();
        foreach (var account in K8s.OfKind("ServiceAccount"))
        {
            Assert.True(account.Text("automountServiceAccountToken") == "false", $"ServiceAccount {account.Text("metadata", "name")} mounts its token into every pod");
        }

        foreach (var (workload, pod) in K8s.PodSpecs())
        {
            var account = pod.Text("serviceAccountName") ?? "default";
            var accountDefault = K8s.OfKind("ServiceAccount").FirstOrDefault(a => a.Text("metadata", "name") == account)?.Text("automountServiceAccountToken");
            var mounted = (pod.Text("automountServiceAccountToken") ?? accountDefault ?? "true") == "true";
            Assert.True(mounted == bound.Contains(account), $"{workload}: token mounted {mounted}, but its account {account} is {(bound.Contains(account) ? string.Empty : "not ")}bound to a role");
        }

        Assert.Equal("true", SiloPod.Text("automountServiceAccountToken"));
        var rules = K8s.Single("Role", "liubeisim-silo").Items("rules").Cast<YamlMappingNode>().ToList();
        Assert.All(rules, r => Assert.Equal(new[] { "pods" }, r.Texts("resources")));
        Assert.Subset(new HashSet<string> { "get", "watch", "list", "delete", "patch" }, rules.SelectMany(r => r.Texts("verbs")).ToHashSet());
    }

    [Fact]
    public void Redis_requires_the_password_of_a_secret_that_the_silos_give_it_and_no_manifest_holds_a_password()
    {
        var redisArgs = Redis.Texts("args");
        Assert.Equal("$(REDIS_PASSWORD)", After(redisArgs, "--requirepass"));
        var secret = SecretReference(Redis, "REDIS_PASSWORD");

        // The silos: the same secret, defined before the connection string that refers to it (Kubernetes expands
        // $(NAME) only from variables defined earlier, and would otherwise pass the text through as the password).
        var env = Silo.Items("env").Cast<YamlMappingNode>().ToList();
        Assert.Equal(secret, SecretReference(Silo, "REDIS_PASSWORD"));
        var passwordAt = env.FindIndex(e => e.Text("name") == "REDIS_PASSWORD");
        var redisAt = env.FindIndex(e => e.Text("name") == "Orleans__Redis");
        Assert.True(redisAt > passwordAt, "Orleans__Redis is not defined after REDIS_PASSWORD");
        var connection = env[redisAt].Text("value")!;
        Assert.Contains("password=$(REDIS_PASSWORD)", connection, StringComparison.Ordinal);
        var configMapKeys = Config.Children.Keys.Cast<YamlScalarNode>().Select(k => k.Value).ToHashSet();
        Assert.Contains(Silo.Items("envFrom").Cast<YamlMappingNode>(), e => e.Text("configMapRef", "name") == "liubeisim");
        foreach (Match reference in VariableReference().Matches(connection))
        {
            var name = reference.Groups[1].Value;
            Assert.True(configMapKeys.Contains(name) || env.Take(redisAt).Any(e => e.Text("name") == name), $"Orleans__Redis refers to $({name}), which nothing defines before it");
        }

        // The first admin key, without which the silos (listening beyond loopback) do not start, comes from a Secret too.
        SecretReference(Silo, "Identity__AdminKey");

        // The password lives only in the Secret the operator creates: the repository ships none, and no setting holds one.
        Assert.Empty(K8s.OfKind("Secret"));
        Assert.DoesNotContain(Config.Children.Values.Cast<YamlScalarNode>(), v => (v.Value ?? string.Empty).Contains("password", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(secret, SecretReference(Redis, "REDISCLI_AUTH"));
        Assert.Contains("PONG", string.Join(' ', Redis.Texts("readinessProbe", "exec", "command")), StringComparison.Ordinal);
    }

    [Fact]
    public void Network_policies_open_silo_and_gateway_ports_to_the_silos_alone_and_redis_to_the_silos_alone()
    {
        var siloLabels = Labels(K8s.Single("Deployment", "liubeisim").Map("spec", "template", "metadata", "labels"));
        var redisLabels = Labels(K8s.Single("Deployment", "redis").Map("spec", "template", "metadata", "labels"));
        var (serviceLabel, serviceId) = ("orleans/serviceId", siloLabels["orleans/serviceId"]);

        // Nothing is reachable unless a policy says so.
        Assert.Contains(K8s.OfKind("NetworkPolicy"), p => p.Map("spec", "podSelector").Children.Count == 0
            && p.Texts("spec", "policyTypes").Contains("Ingress") && p.Items("spec", "ingress").Count == 0);

        // The ports the silos listen on (the ConfigMap) are the ports the containers declare and the policy opens.
        int[] orleansPorts = [int.Parse(Config.Text("Orleans__SiloPort")!, CultureInfo.InvariantCulture), int.Parse(Config.Text("Orleans__GatewayPort")!, CultureInfo.InvariantCulture)];
        Assert.Subset(Silo.Items("ports").Cast<YamlMappingNode>().Select(p => int.Parse(p.Text("containerPort")!, CultureInfo.InvariantCulture)).ToHashSet(), orleansPorts.ToHashSet());

        bool OnlyFromSilos(YamlMappingNode peer) =>
            peer.Node("namespaceSelector") is null && peer.Node("ipBlock") is null && peer.Text("podSelector", "matchLabels", serviceLabel) == serviceId;

        foreach (var port in orleansPorts)
        {
            var rules = RulesCovering(siloLabels, port);
            Assert.NotEmpty(rules);
            Assert.All(rules, r => Assert.True(r.Items("from").Count > 0 && r.Items("from").Cast<YamlMappingNode>().All(OnlyFromSilos),
                $"port {port} of the silos is open to more than the silos: {Describe(r)}"));
        }

        var redisPort = int.Parse(Redis.Items("ports").Cast<YamlMappingNode>().Single().Text("containerPort")!, CultureInfo.InvariantCulture);
        var redisRules = RulesCovering(redisLabels, redisPort);
        Assert.NotEmpty(redisRules);
        Assert.All(redisRules, r => Assert.True(r.Items("from").Count > 0 && r.Items("from").Cast<YamlMappingNode>().All(OnlyFromSilos),
            $"Redis is open to more than the silos: {Describe(r)}"));
        Assert.DoesNotContain(redisRules, r => r.Items("ports").Count == 0);
    }

    [Fact]
    public void Http_is_open_to_the_namespaces_labelled_for_the_api_and_for_prometheus_and_to_nothing_wider()
    {
        var siloLabels = Labels(K8s.Single("Deployment", "liubeisim").Map("spec", "template", "metadata", "labels"));
        var annotations = K8s.Single("Deployment", "liubeisim").Map("spec", "template", "metadata", "annotations");
        var metricsPort = int.Parse(annotations.Text("prometheus.io/port")!, CultureInfo.InvariantCulture);
        var httpPort = int.Parse(Silo.Items("ports").Cast<YamlMappingNode>().Single(p => p.Text("name") == "http").Text("containerPort")!, CultureInfo.InvariantCulture);
        Assert.Equal(httpPort, metricsPort);

        var rules = RulesCovering(siloLabels, httpPort);
        var namespaceLabels = rules.SelectMany(r => r.Items("from").Cast<YamlMappingNode>())
            .Select(peer => peer.Node("namespaceSelector", "matchLabels") as YamlMappingNode)
            .Where(l => l is not null).SelectMany(l => l!.Children.Keys.Cast<YamlScalarNode>().Select(k => k.Value)).ToHashSet();
        Assert.Contains("liubeisim.io/api-access", namespaceLabels);
        Assert.Contains("liubeisim.io/metrics-access", namespaceLabels);

        // Never every namespace or every address.
        foreach (var peer in rules.SelectMany(r => r.Items("from").Cast<YamlMappingNode>()))
        {
            Assert.False(peer.Node("namespaceSelector") is YamlMappingNode { Children.Count: 0 }, $"HTTP is open to every namespace: {Describe(peer)}");
            Assert.NotEqual("0.0.0.0/0", peer.Text("ipBlock", "cidr"));
        }

        Assert.DoesNotContain(rules, r => r.Items("from").Count == 0);
    }

    [Fact]
    public void Every_image_is_pinned_by_exact_version_or_digest_and_the_silo_image_is_the_release()
    {
        var version = ReleaseVersion();
        foreach (var (workload, pod) in K8s.PodSpecs())
        {
            foreach (var container in Containers(pod))
            {
                Assert.True(Pinned(container.Text("image")), $"{workload}: image {container.Text("image")} is not pinned ({K8s.How})");
            }
        }

        Assert.Equal(version, Tag(Silo.Text("image")!));

        foreach (var (name, service) in ComposeServices())
        {
            Assert.True(Pinned(service.Text("image")), $"compose service {name}: image {service.Text("image")} is not pinned");
        }

        Assert.Equal(version, Tag(ComposeServices()["silo1"].Text("image")!));
    }

    [Fact]
    public void The_image_is_built_from_pinned_images_and_runs_as_a_non_root_user()
    {
        var lines = File.ReadAllLines(RepositoryFiles.Deploy("Dockerfile")).Select(l => l.Trim()).ToList();
        var froms = lines.Where(l => l.StartsWith("FROM ", StringComparison.Ordinal)).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]).ToList();
        Assert.NotEmpty(froms);
        Assert.All(froms, image => Assert.True(Pinned(image), $"FROM {image} is not pinned"));
        Assert.StartsWith("mcr.microsoft.com/dotnet/aspnet:", froms[^1], StringComparison.Ordinal);

        var finalStage = lines.Skip(lines.FindLastIndex(l => l.StartsWith("FROM ", StringComparison.Ordinal)));
        var user = finalStage.LastOrDefault(l => l.StartsWith("USER ", StringComparison.Ordinal));
        Assert.NotNull(user);
        Assert.DoesNotMatch(@"^USER\s+(root|0)(:|\s|$)", user);
    }

    [Fact]
    public void The_orleans_dashboard_is_off_everywhere()
    {
        Assert.Equal("false", Config.Text("Orleans__Dashboard"));
        Assert.DoesNotContain(Silo.Items("env").Cast<YamlMappingNode>(), e => e.Text("name") == "Orleans__Dashboard");
        foreach (var (name, service) in ComposeServices().Where(s => s.Key.StartsWith("silo", StringComparison.Ordinal)))
        {
            Assert.True(service.Text("environment", "Orleans__Dashboard") is null or "false", $"compose {name} turns the dashboard on");
        }
    }

    [Fact]
    public async Task The_grace_period_outlasts_the_hosts_own_bound_on_stopping()
    {
        // The host as the manifests configure it (Redis clustering), built but not started: its real settings.
        await using var app = LiubeiSimHost.Build(["--Orleans:Redis=127.0.0.1:1", "--Orleans:SiloPort=1", "--Orleans:GatewayPort=2"]);
        var graceful = app.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout;
        var membershipUpdate = app.Services.GetRequiredService<IOptions<ClusterMembershipOptions>>().Value.MaxJoinAttemptTime;
        Assert.Equal(SiloHostingExtensions.MembershipUpdateLimit, membershipUpdate);

        // The graceful stop, then the two membership updates of a silo whose Redis is down (shutting down, dead).
        var bound = graceful + (2 * (membershipUpdate + AttemptAndBackoff));
        var kubernetes = TimeSpan.FromSeconds(int.Parse(SiloPod.Text("terminationGracePeriodSeconds")!, CultureInfo.InvariantCulture));
        Assert.True(kubernetes >= bound, $"terminationGracePeriodSeconds {kubernetes.TotalSeconds} s is shorter than the host's bound on stopping, {bound.TotalSeconds} s");

        foreach (var (name, service) in ComposeServices().Where(s => s.Key.StartsWith("silo", StringComparison.Ordinal)))
        {
            var compose = Duration(service.Text("stop_grace_period") ?? "10s");
            Assert.True(compose >= bound, $"compose {name}: stop_grace_period {compose.TotalSeconds} s is shorter than {bound.TotalSeconds} s");
        }
    }

    [Fact]
    public void Each_silo_memory_limit_admits_the_runs_it_is_sized_for_and_equals_its_request()
    {
        var limit = Bytes(Silo.Text("resources", "limits", "memory")!);
        Assert.Equal(limit, Bytes(Silo.Text("resources", "requests", "memory")!));
        AssertAdmits("kubernetes", limit, KubernetesSizedReplications);
        Assert.DoesNotContain(Silo.Items("env").Cast<YamlMappingNode>(), e => (e.Text("name") ?? string.Empty).StartsWith("DOTNET_GCHeapHardLimit", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(Config.Children.Keys.Cast<YamlScalarNode>(), k => (k.Value ?? string.Empty).StartsWith("DOTNET_GCHeapHardLimit", StringComparison.OrdinalIgnoreCase));

        foreach (var (name, service) in ComposeServices().Where(s => s.Key.StartsWith("silo", StringComparison.Ordinal)))
        {
            var composeLimit = service.Text("mem_limit");
            Assert.True(composeLimit is not null, $"compose {name} has no memory limit: .NET would size its heap, and the admission budget, on the whole machine, once per silo");
            AssertAdmits($"compose {name}", Bytes(composeLimit), ComposeSizedReplications);
            Assert.DoesNotContain(service.Map("environment").Children.Keys.Cast<YamlScalarNode>(), k => (k.Value ?? string.Empty).StartsWith("DOTNET_GCHeapHardLimit", StringComparison.OrdinalIgnoreCase));
        }

        // The admission's own rule: the budget is half of the heap the runtime takes under the limit, and the run must
        // fit it by the admission's own estimate (docs/admission.md), or the deployment refuses what its README promises.
        static void AssertAdmits(string where, long limitBytes, int replications)
        {
            var budget = MemoryBudget.Resolve(null, MemoryBudget.DefaultFraction, (long)(limitBytes * HeapShareOfLimit), "Admission:MemoryBudget", "Admission:MemoryFraction");
            var scenario = ScenarioLibrary.Load("baseline-2023").WithReplications(replications);
            var cost = RunCostEstimator.OnGrains(scenario, OrleansEngine.DefaultShards(replications));
            Assert.True(cost.PeakBytes <= budget.Bytes,
                $"{where}: a limit of {limitBytes / (double)(1L << 30):0.0} GiB gives a budget of {budget}, less than the {cost.PeakBytes / (double)(1L << 30):0.00} GiB a run of {replications:N0} replications is estimated to need");
        }
    }

    [Fact]
    public void Every_compose_service_drops_every_capability_and_runs_read_only_as_a_non_root_user()
    {
        foreach (var (name, service) in ComposeServices())
        {
            Assert.Contains("ALL", service.Texts("cap_drop"));
            Assert.Contains("no-new-privileges:true", service.Texts("security_opt"));
            Assert.True(service.Text("read_only") == "true", $"compose {name}: the root file system is writable");
            Assert.NotEqual("true", service.Text("privileged"));
            var user = service.Text("user");
            Assert.True(user is not null && long.TryParse(user.Split(':')[0], NumberStyles.None, CultureInfo.InvariantCulture, out var uid) && uid > 0,
                $"compose {name}: user {user ?? "(the image's)"} is not a numeric non-root user");
            foreach (var port in service.Texts("ports"))
            {
                Assert.StartsWith("127.0.0.1:", port, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void Compose_redis_requires_the_password_of_deploy_env_which_the_silos_give_and_which_is_not_in_the_repository()
    {
        var services = ComposeServices();
        var redis = services["redis"];
        var password = After(redis.Texts("command"), "--requirepass");
        Assert.NotNull(password);

        // ${NAME:?message}: compose refuses to start without the variable, so no default password can slip in.
        Assert.StartsWith("${REDIS_PASSWORD:?", password, StringComparison.Ordinal);
        Assert.Equal("yes", After(redis.Texts("command"), "--appendonly"));
        Assert.Contains("redis-data:/data", redis.Texts("volumes"));
        Assert.StartsWith("${REDIS_PASSWORD:?", redis.Text("environment", "REDISCLI_AUTH"), StringComparison.Ordinal);

        foreach (var (name, silo) in services.Where(s => s.Key.StartsWith("silo", StringComparison.Ordinal)))
        {
            Assert.Contains("password=${REDIS_PASSWORD:?", silo.Text("environment", "Orleans__Redis"), StringComparison.Ordinal);
            Assert.StartsWith("${LIUBEISIM_ADMIN_KEY:?", silo.Text("environment", "Identity__AdminKey"), StringComparison.Ordinal);
        }

        var example = File.ReadAllLines(RepositoryFiles.Deploy(".env.example")).Where(l => !l.StartsWith('#') && l.Contains('=', StringComparison.Ordinal)).ToList();
        Assert.Equal(new[] { "GRAFANA_ADMIN_PASSWORD=", "LIUBEISIM_ADMIN_KEY=", "REDIS_PASSWORD=" }, example.Order(StringComparer.Ordinal));
        Assert.Contains(File.ReadAllLines(Path.Combine(RepositoryFiles.Root, ".gitignore")), l => l.Trim() == "/deploy/.env");
    }

    [Fact]
    public void Compose_prometheus_offers_no_lifecycle_or_admin_endpoints_and_scrapes_with_a_key_it_is_given()
    {
        var prometheus = ComposeServices()["prometheus"];
        var command = prometheus.Texts("command");
        Assert.Contains(command, a => a.StartsWith("--config.file=", StringComparison.Ordinal));
        Assert.DoesNotContain(command, a => a.StartsWith("--web.enable-lifecycle", StringComparison.Ordinal));
        Assert.DoesNotContain(command, a => a.StartsWith("--web.enable-admin-api", StringComparison.Ordinal));

        // /metrics needs a key: the scrape job sends one from a file, which compose mounts from a secret at that path.
        var configPath = command.Single(a => a.StartsWith("--config.file=", StringComparison.Ordinal))["--config.file=".Length..];
        var yaml = new YamlStream();
        using (var reader = File.OpenText(RepositoryFiles.Deploy("prometheus", "prometheus.yml")))
        {
            yaml.Load(reader);
        }

        var job = yaml.Documents[0].RootNode.Items("scrape_configs").Cast<YamlMappingNode>().Single(j => j.Text("job_name") == "liubeisim");
        Assert.Equal("Bearer", job.Text("authorization", "type"));
        var keyFile = job.Text("authorization", "credentials_file")!;
        var expected = Path.IsPathRooted(keyFile) ? keyFile : $"{Path.GetDirectoryName(configPath)}/{keyFile}";
        var mounted = prometheus.Items("secrets").Cast<YamlMappingNode>().SingleOrDefault(s => s.Text("target") == expected);
        Assert.True(mounted is not null, $"no secret is mounted at {expected}, where the scrape job reads its key");
        var secret = DeployManifests.Compose().Map("secrets", mounted.Text("source")!);
        Assert.NotNull(secret.Text("environment"));
        Assert.Null(secret.Node("file"));
    }

    [Fact]
    public void Compose_grafana_admits_no_anonymous_user_and_has_an_admin_password_of_the_operators()
    {
        var environment = ComposeServices()["grafana"].Map("environment");
        Assert.Equal("false", environment.Text("GF_AUTH_ANONYMOUS_ENABLED"));
        Assert.Equal("false", environment.Text("GF_USERS_ALLOW_SIGN_UP"));
        var password = environment.Text("GF_SECURITY_ADMIN_PASSWORD") ?? string.Empty;
        Assert.True(password.StartsWith("${GRAFANA_ADMIN_PASSWORD:?", StringComparison.Ordinal) || environment.Text("GF_SECURITY_ADMIN_PASSWORD__FILE") is not null,
            $"Grafana's admin password is not the operator's: '{password}'");
    }

    private static IEnumerable<YamlMappingNode> Containers(YamlMappingNode pod) =>
        pod.Items("containers").Concat(pod.Items("initContainers")).Cast<YamlMappingNode>();

    /// <summary>Mount path → the pod volume mounted there.</summary>
    private static Dictionary<string, YamlMappingNode> Mounts(YamlMappingNode pod, YamlMappingNode container)
    {
        var volumes = pod.Items("volumes").Cast<YamlMappingNode>().ToDictionary(v => v.Text("name")!);
        return container.Items("volumeMounts").Cast<YamlMappingNode>().ToDictionary(m => m.Text("mountPath")!, m => volumes[m.Text("name")!]);
    }

    private static (string Name, string Key) SecretReference(YamlMappingNode container, string variable)
    {
        var entry = container.Items("env").Cast<YamlMappingNode>().SingleOrDefault(e => e.Text("name") == variable);
        Assert.True(entry is not null, $"container {container.Text("name")} has no {variable}");
        Assert.Null(entry.Node("value"));
        var reference = entry.Map("valueFrom", "secretKeyRef");
        Assert.NotEqual("true", reference.Text("optional"));
        return (reference.Text("name")!, reference.Text("key")!);
    }

    private static Dictionary<string, string> Labels(YamlMappingNode labels) =>
        labels.Children.ToDictionary(c => ((YamlScalarNode)c.Key).Value!, c => ((YamlScalarNode)c.Value).Value!);

    /// <summary>The ingress rules of every policy selecting pods with <paramref name="labels"/> that admit TCP <paramref name="port"/>.</summary>
    private static List<YamlMappingNode> RulesCovering(Dictionary<string, string> labels, int port)
    {
        var rules = new List<YamlMappingNode>();
        foreach (var policy in K8s.OfKind("NetworkPolicy"))
        {
            var selector = policy.Map("spec", "podSelector");
            Assert.True(selector.Node("matchExpressions") is null, $"{policy.Text("metadata", "name")}: matchExpressions are not read by this test");
            var selects = selector.Node("matchLabels") is not YamlMappingNode match || Labels(match).All(l => labels.TryGetValue(l.Key, out var v) && v == l.Value);
            if (!selects || !policy.Texts("spec", "policyTypes").Contains("Ingress"))
            {
                continue;
            }

            rules.AddRange(policy.Items("spec", "ingress").Cast<YamlMappingNode>().Where(rule =>
                rule.Items("ports").Count == 0 || rule.Items("ports").Cast<YamlMappingNode>().Any(p =>
                    (p.Text("protocol") ?? "TCP") == "TCP" && p.Text("port") == port.ToString(CultureInfo.InvariantCulture))));
        }

        return rules;
    }

    private static string Describe(YamlNode node)
    {
        var yaml = new YamlStream(new YamlDocument(node));
        using var text = new StringWriter();
        yaml.Save(text, assignAnchors: false);
        return text.ToString().ReplaceLineEndings(" ");
    }

    /// <summary>A node as text with mapping keys in order, so two renderings compare by content, not by layout.</summary>
    private static string Canonical(YamlNode node) => node switch
    {
        YamlMappingNode mapping => "{" + string.Join(",", mapping.Children
            .Select(c => (Key: ((YamlScalarNode)c.Key).Value ?? string.Empty, c.Value))
            .OrderBy(c => c.Key, StringComparer.Ordinal)
            .Select(c => $"{c.Key}:{Canonical(c.Value)}")) + "}",
        YamlSequenceNode sequence => "[" + string.Join(",", sequence.Children.Select(Canonical)) + "]",
        YamlScalarNode scalar => $"'{scalar.Value}'",
        _ => node.ToString(),
    };

    private static Dictionary<string, YamlMappingNode> ComposeServices() =>
        DeployManifests.Compose().Map("services").Children.ToDictionary(c => ((YamlScalarNode)c.Key).Value!, c => (YamlMappingNode)c.Value);

    private static string? After(IReadOnlyList<string> arguments, string flag)
    {
        var at = arguments.ToList().IndexOf(flag);
        return at >= 0 && at + 1 < arguments.Count ? arguments[at + 1] : null;
    }

    private static string ReleaseVersion() =>
        XDocument.Load(Path.Combine(RepositoryFiles.Root, "Directory.Build.props")).Descendants("Version").Single().Value;

    /// <summary>An exact version (a tag with three numbers, as 7.2.11 or v2.53.0) or a digest; never latest or 7.</summary>
    private static bool Pinned(string? image) => image is not null && PinnedImage().IsMatch(image);

    private static string Tag(string image) => image.Split('@')[0][(image.Split('@')[0].LastIndexOf(':') + 1)..];

    /// <summary>A Kubernetes quantity (8Gi, 512Mi, 1G) or a Docker/Redis size (4g, 768mb) in bytes.</summary>
    private static long Bytes(string quantity)
    {
        var match = Quantity().Match(quantity.Trim());
        Assert.True(match.Success, $"not a size: {quantity}");
        var number = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        var factor = match.Groups[2].Value switch
        {
            "" or "b" => 1L,

            // Kubernetes: K, M, G are powers of 1000, Ki, Mi, Gi of 1024.
            "K" => 1000L,
            "M" => 1000L * 1000,
            "G" => 1000L * 1000 * 1000,
            "Ki" => 1L << 10,
            "Mi" => 1L << 20,
            "Gi" => 1L << 30,

            // Docker (4g) and Redis (768mb) read their lower-case units as powers of 1024.
            "k" or "kb" => 1L << 10,
            "m" or "mb" => 1L << 20,
            "g" or "gb" => 1L << 30,
            var unit => throw new FormatException($"unit {unit} in {quantity}"),
        };

        return (long)(number * factor);
    }

    private static TimeSpan Duration(string text)
    {
        var match = ComposeDuration().Match(text);
        Assert.True(match.Success, $"not a compose duration: {text}");
        var number = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return match.Groups[2].Value switch { "m" => TimeSpan.FromMinutes(number), "ms" => TimeSpan.FromMilliseconds(number), _ => TimeSpan.FromSeconds(number) };
    }

    [GeneratedRegex(@"^([^@\s]+:v?\d+\.\d+\.\d+[^@\s:/]*(@sha256:[0-9a-f]{64})?|[^@\s]+@sha256:[0-9a-f]{64})$")]
    private static partial Regex PinnedImage();

    [GeneratedRegex(@"\$\(([A-Za-z_][A-Za-z0-9_]*)\)")]
    private static partial Regex VariableReference();

    [GeneratedRegex(@"^([0-9.]+)([A-Za-z]*)$")]
    private static partial Regex Quantity();

    [GeneratedRegex(@"^([0-9.]+)(ms|s|m)$")]
    private static partial Regex ComposeDuration();
}
