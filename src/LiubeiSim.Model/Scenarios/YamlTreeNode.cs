namespace LiubeiSim.Model.Scenarios;

/// <summary>A node of the YAML tree the validator walks; every node keeps where it starts in the file.</summary>
internal abstract class YamlTreeNode(SourceMark start, string path)
{
    public SourceMark Start { get; } = start;

    /// <summary>The field path of this node, e.g. <c>shocks[1].from</c>.</summary>
    public string Path { get; } = path;

    /// <summary>Already reported while building the tree (alias, tag, too deep): the validator must not report it again.</summary>
    public bool IsRejected { get; init; }

    /// <summary>What the node is, in words, for "expected X, found Y" messages.</summary>
    public abstract string Describe();
}
