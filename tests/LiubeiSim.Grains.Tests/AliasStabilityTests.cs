using System.Reflection;
using System.Text;
using LiubeiSim.Grains.Runs;
using LiubeiSim.Tests.Shared;

namespace LiubeiSim.Grains.Tests;

/// <summary>
/// The names Orleans puts on the wire and into grain storage: grain types, grain interface and method aliases, and the
/// aliases of serialized types. Silos of two versions talk to each other during a rolling update, and run records
/// written by one version are read by the next, so none of these may follow a .NET type or namespace name; each is
/// pinned by an attribute, and the whole list is checked in as <c>tests/LiubeiSim.Grains.Tests/aliases.txt</c>.
/// </summary>
/// <remarks>
/// Adding a grain, a method or a serialized type adds a line to that list; renaming or removing one changes it. To
/// update the list deliberately, after making sure no line that shipped was renamed, run
/// <c>UPDATE_ALIASES=1 dotnet test tests/LiubeiSim.Grains.Tests --filter "FullyQualifiedName~AliasStabilityTests"</c>
/// and commit the rewritten file with the change. The list holds aliases only, never .NET names, so renaming or moving
/// a class leaves it as it is.
/// </remarks>
public sealed class AliasStabilityTests
{
    private const string UpdateVariable = "UPDATE_ALIASES";

    private const string Header =
        "# Wire and storage names of the Orleans grains (checked by AliasStabilityTests; rewritten with UPDATE_ALIASES=1).\n" +
        "# A line that changes breaks rolling updates and stored run records.\n";

    private static readonly Assembly[] Assemblies = [typeof(IScenarioRunGrain).Assembly, typeof(ScenarioRunGrain).Assembly];

    private static string ListPath => Path.Combine(RepositoryRoot.Path, "tests", "LiubeiSim.Grains.Tests", "aliases.txt");

    private static IEnumerable<Type> Types => Assemblies.SelectMany(a => a.GetTypes())

        // The Orleans source generator's proxies, invokers and codecs carry names derived from ours, not names of their own.
        .Where(t => t.Namespace?.StartsWith("OrleansCodeGen", StringComparison.Ordinal) != true);

    private static IEnumerable<Type> GrainInterfaces => Types.Where(t => t.IsInterface && typeof(IAddressable).IsAssignableFrom(t));

    private static IEnumerable<Type> GrainClasses =>
        Types.Where(t => t.IsClass && !t.IsAbstract && (typeof(Grain).IsAssignableFrom(t) || typeof(IGrainBase).IsAssignableFrom(t)));

    private static IEnumerable<Type> SerializedTypes => Types.Where(t => t.IsDefined(typeof(GenerateSerializerAttribute), inherit: false));

    private static IEnumerable<MethodInfo> MethodsOf(Type grainInterface) =>
        grainInterface.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly);

    private static string? AliasOf(MemberInfo member) => member.GetCustomAttribute<AliasAttribute>(inherit: false)?.Alias;

    [Fact]
    public void There_is_something_to_check()
    {
        // Guards the filters above: a reflection mistake that finds nothing would make every other test pass.
        Assert.Contains(typeof(IScenarioRunGrain), GrainInterfaces);
        Assert.Contains(typeof(ScenarioRunGrain), GrainClasses);
        Assert.Contains(typeof(RunRecord), SerializedTypes);
        Assert.Contains(typeof(Serialization.ScenarioSurrogate), SerializedTypes);
    }

    [Fact]
    public void Every_grain_interface_and_method_has_an_alias()
    {
        var missing = GrainInterfaces.Where(i => AliasOf(i) is null).Select(i => i.FullName!)
            .Concat(GrainInterfaces.SelectMany(i => MethodsOf(i).Where(m => AliasOf(m) is null).Select(m => $"{i.FullName}.{m.Name}")))
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.True(missing.Count == 0, $"Without [Alias(\"...\")], Orleans names these after their .NET names, which a rename or a move would change: {string.Join(", ", missing)}");
    }

    [Fact]
    public void Every_serialized_type_has_an_alias()
    {
        var missing = SerializedTypes.Where(t => AliasOf(t) is null).Select(t => t.FullName!).Order(StringComparer.Ordinal).ToList();

        Assert.True(missing.Count == 0, $"[GenerateSerializer] types without [Alias(\"<full name today>\")]: {string.Join(", ", missing)}");
    }

    [Fact]
    public void Every_grain_class_is_sealed_and_names_its_grain_type()
    {
        var problems = GrainClasses.Where(t => !t.IsSealed).Select(t => $"{t.FullName} is not sealed (nothing derives from a grain)")
            .Concat(GrainClasses.Where(t => !t.IsDefined(typeof(GrainTypeAttribute), inherit: false))
                .Select(t => $"{t.FullName} has no [GrainType(\"...\")], so its grain type, part of every grain id and storage key, follows the class name"))
            .ToList();

        Assert.True(problems.Count == 0, string.Join("; ", problems));
    }

    [Fact]
    public void No_two_share_an_alias()
    {
        // Interfaces and serialized types share Orleans' one table of type aliases; methods are named within their interface.
        var typeAliases = GrainInterfaces.Concat(SerializedTypes).Where(t => AliasOf(t) is not null).Select(t => (Alias: AliasOf(t)!, FullName: t.FullName!));
        var methodAliases = GrainInterfaces.SelectMany(i => MethodsOf(i).Where(m => AliasOf(m) is not null).Select(m => (Alias: $"{AliasOf(i)}.{AliasOf(m)}", FullName: $"{i.FullName}.{m.Name}")));
        var grainTypes = GrainClasses.Where(t => t.IsDefined(typeof(GrainTypeAttribute), inherit: false)).Select(t => (Alias: GrainTypeOf(t), FullName: t.FullName!));

        var shared = new[] { typeAliases, methodAliases, grainTypes }
            .SelectMany(names => names.GroupBy(n => n.Alias, StringComparer.Ordinal).Where(g => g.Count() > 1))
            .Select(g => $"'{g.Key}' on {string.Join(" and ", g.Select(n => n.FullName))}")
            .ToList();

        Assert.True(shared.Count == 0, $"Aliases must be unique: {string.Join("; ", shared)}");
    }

    [Fact]
    public void Ids_are_unique_within_each_serialized_type()
    {
        const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.DeclaredOnly;
        var clashes = SerializedTypes
            .SelectMany(t => t.GetFields(Declared).Cast<MemberInfo>().Concat(t.GetProperties(Declared))
                .Select(m => (Member: m, Id: m.GetCustomAttribute<IdAttribute>(inherit: false)?.Id))
                .Where(m => m.Id is not null)
                .GroupBy(m => m.Id)
                .Where(g => g.Count() > 1)
                .Select(g => $"{t.FullName}: [Id({g.Key})] on {string.Join(" and ", g.Select(m => m.Member.Name))}"))
            .ToList();

        Assert.True(clashes.Count == 0, $"Two members of one type share an id, so one overwrites the other on the wire: {string.Join("; ", clashes)}");
    }

    [Fact]
    public void Aliases_match_the_checked_in_list()
    {
        var current = Current();
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            File.WriteAllText(ListPath, Header + string.Join('\n', current) + "\n", new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            return;
        }

        var recorded = File.ReadAllLines(ListPath).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        var removed = recorded.Except(current, StringComparer.Ordinal).ToList();
        var added = current.Except(recorded, StringComparer.Ordinal).ToList();

        Assert.True(
            recorded.Order(StringComparer.Ordinal).SequenceEqual(current, StringComparer.Ordinal),
            $"""
            The wire and storage names differ from {ListPath}.
            gone: {Lines(removed)}
            new: {Lines(added)}
            Renaming or removing an alias (or grain type) breaks rolling updates, where silos of the old and new version
            call each other, and stored run records, which the new version can no longer read: keep the old alias on the
            renamed type or method. If the change is deliberate (a new grain, method or type, or a break you mean to
            make), rewrite the list with {UpdateVariable}=1 dotnet test tests/LiubeiSim.Grains.Tests --filter "FullyQualifiedName~AliasStabilityTests"
            and commit it with the change.
            """);
    }

    private static string Lines(List<string> lines) => lines.Count == 0 ? "-" : string.Concat(lines.Select(l => $"\n  {l}"));

    /// <summary>The sorted list: one line per grain type, grain interface, method and serialized type, kind first.</summary>
    private static List<string> Current() =>
        GrainClasses.Select(t => $"grain {GrainTypeOf(t)}")
            .Concat(GrainInterfaces.Select(i => $"interface {AliasOf(i)}"))
            .Concat(GrainInterfaces.SelectMany(i => MethodsOf(i).Select(m => $"method {AliasOf(i)}.{AliasOf(m)}")))
            .Concat(SerializedTypes.Select(t => $"type {AliasOf(t)}"))
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>The name given in <c>[GrainType("...")]</c> (the attribute keeps it private), "?" without one.</summary>
    private static string GrainTypeOf(Type grainClass) =>
        grainClass.GetCustomAttributesData().FirstOrDefault(a => a.AttributeType == typeof(GrainTypeAttribute))?.ConstructorArguments[0].Value as string ?? "?";
}
