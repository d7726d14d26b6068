using System.Diagnostics.CodeAnalysis;
using System.Text.Encodings.Web;
using System.Text.Json;
using LiubeiSim.Model.District;

namespace LiubeiSim.Cli.Hosting;

/// <summary>What the commands that print the shipped data share: loading it, and writing it as JSON.</summary>
internal static class ShippedData
{
    /// <summary>Indented JSON whose Chinese names and quotes stay readable instead of \uXXXX (the output is not embedded in HTML).</summary>
    public static JsonWriterOptions Json { get; } = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The embedded dataset; a defect in it is a build problem, but the command says what it is rather than crash.</summary>
    public static bool TryLoad(CliConsole console, [NotNullWhen(true)] out BaseYearDataset? dataset)
    {
        try
        {
            dataset = BaseYearDataset.Default;
            return true;
        }
        catch (InvalidDataException e)
        {
            console.Error.WriteLine($"The base-year dataset does not load: {e.Message}");
            dataset = null;
            return false;
        }
    }
}
