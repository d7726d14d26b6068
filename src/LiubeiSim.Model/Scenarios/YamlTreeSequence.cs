namespace LiubeiSim.Model.Scenarios;

/// <summary>A sequence of nodes.</summary>
internal sealed class YamlTreeSequence(SourceMark start, string path) : YamlTreeNode(start, path)
{
    public List<YamlTreeNode> Items { get; } = [];

    public override string Describe() => "a list";
}
