namespace LiubeiSim.Model.Scenarios;

/// <summary>A mapping whose keys are scalars; duplicates are reported and dropped while it is built, so keys here are unique.</summary>
internal sealed class YamlTreeMapping(SourceMark start, string path) : YamlTreeNode(start, path)
{
    private readonly Dictionary<string, int> index = new(StringComparer.Ordinal);

    public List<(YamlTreeScalar Key, YamlTreeNode Value)> Entries { get; } = [];

    public override string Describe() => "a mapping";

    /// <summary>Adds an entry unless the key is already there; returns the first key when it is a duplicate.</summary>
    public YamlTreeScalar? TryAdd(YamlTreeScalar key, YamlTreeNode value)
    {
        if (index.TryGetValue(key.Value, out var existing))
        {
            return Entries[existing].Key;
        }

        index[key.Value] = Entries.Count;
        Entries.Add((key, value));
        return null;
    }

    /// <summary>Adds the entry, or replaces the value of the key already there (a <c>--set</c> wins over the file).</summary>
    public void Set(YamlTreeScalar key, YamlTreeNode value)
    {
        if (index.TryGetValue(key.Value, out var existing))
        {
            Entries[existing] = (Entries[existing].Key, value);
            return;
        }

        index[key.Value] = Entries.Count;
        Entries.Add((key, value));
    }

    public YamlTreeNode? Get(string key) => index.TryGetValue(key, out var i) ? Entries[i].Value : null;
}
