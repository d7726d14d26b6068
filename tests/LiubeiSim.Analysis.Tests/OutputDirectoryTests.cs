namespace LiubeiSim.Analysis.Tests;

public sealed class OutputDirectoryTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("liubeisim-out-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void A_new_directory_is_checked_without_being_made()
    {
        var target = Path.Combine(_root, "a", "b");

        Assert.Null(OutputDirectory.Check(target));
        Assert.False(Directory.Exists(Path.Combine(_root, "a")));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_root));
    }

    [Fact]
    public void A_file_in_the_way_is_named()
    {
        var file = Path.Combine(_root, "taken");
        File.WriteAllText(file, "x");

        Assert.Contains("is a file", OutputDirectory.Check(file), StringComparison.Ordinal);
        Assert.Contains("is a file, so the directory cannot be made there", OutputDirectory.Check(Path.Combine(file, "sub")), StringComparison.Ordinal);
    }

    [Fact]
    public void Files_are_written_with_their_folders_and_no_temporary_left()
    {
        OutputDirectory.WriteAll(Path.Combine(_root, "out"), [("a/x.csv", "1\n"), ("y.json", "{}\n")]);

        Assert.Equal("1\n", File.ReadAllText(Path.Combine(_root, "out", "a", "x.csv")));
        Assert.Equal("{}\n", File.ReadAllText(Path.Combine(_root, "out", "y.json")));
        Assert.DoesNotContain(Directory.EnumerateFiles(_root, "*.tmp", SearchOption.AllDirectories), _ => true);
    }
}
