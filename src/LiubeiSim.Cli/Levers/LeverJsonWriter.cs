using System.Text;
using System.Text.Json;
using LiubeiSim.Cli.Hosting;
using LiubeiSim.Model.District;

namespace LiubeiSim.Cli.Levers;

/// <summary>The levers as a JSON array, one object per lever; field names are a contract with scripts.</summary>
internal static class LeverJsonWriter
{
    public static void Write(IReadOnlyList<LeverDefault> levers, TextWriter output)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, ShippedData.Json))
        {
            json.WriteStartArray();
            foreach (var (lever, figure, value) in levers)
            {
                json.WriteStartObject();
                json.WriteString("name", lever.Name);
                json.WriteString("description", lever.Description);
                json.WriteString("unit", lever.Unit);
                json.WriteNumber("min", lever.Min);
                json.WriteNumber("max", lever.Max);
                json.WriteNumber("default", value);
                json.WriteString("defaultFigure", figure.Id);
                json.WriteString("kind", figure.Kind.ToName());
                json.WriteString("source", figure.Source);
                json.WriteString("moves", lever.Moves);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        output.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
        output.Flush();
    }
}
