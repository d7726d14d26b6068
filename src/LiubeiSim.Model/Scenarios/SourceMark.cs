namespace LiubeiSim.Model.Scenarios;

/// <summary>A 1-based line and column in a scenario file, or a <c>--set</c> given on the command line (line 0).</summary>
internal readonly record struct SourceMark(int Line, int Column)
{
    /// <summary>Where a value came from when not from the file: the <c>--set KEY=VALUE</c> as typed.</summary>
    public string? Setting { get; init; }

    public static SourceMark FromSetting(string setting) => new(0, 0) { Setting = setting };

    public static SourceMark FileStart { get; } = new(1, 1);

    /// <summary>Clamps a YamlDotNet mark (whose values are long, and zero when unknown) to a usable position.</summary>
    public static SourceMark From(YamlDotNet.Core.Mark mark) =>
        new((int)Math.Clamp(mark.Line, 1, int.MaxValue), (int)Math.Clamp(mark.Column, 1, int.MaxValue));

    /// <summary>The position of a character offset in a text, for problems found before YAML parsing.</summary>
    public static SourceMark InText(string text, int index)
    {
        var line = 1;
        var lineStart = 0;
        var end = Math.Min(index, text.Length);
        for (var i = 0; i < end; i++)
        {
            if (text[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        return new SourceMark(line, end - lineStart + 1);
    }
}
