using System.Text;
using System.Text.Json;
using LiubeiSim.Cli.Hosting;
using LiubeiSim.Model.District;

namespace LiubeiSim.Cli.Baseline;

/// <summary>The base year as JSON: report, entities, figures (value is the number, the text, or null).</summary>
internal static class BaselineJsonWriter
{
    public static void Write(BaseYearDataset dataset, FigureKind? filter, TextWriter output)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, ShippedData.Json))
        {
            json.WriteStartObject();

            json.WriteStartObject("report");
            json.WriteString("title", dataset.Report.Title);
            json.WriteString("titleZh", dataset.Report.TitleZh);
            json.WriteString("publication", dataset.Report.Publication);
            json.WriteString("date", dataset.Report.Date);
            json.WriteEndObject();

            json.WriteStartArray("entities");
            foreach (var entity in dataset.Entities)
            {
                json.WriteStartObject();
                json.WriteString("id", entity.Id);
                json.WriteString("code", entity.Code);
                json.WriteString("kind", entity.Kind.ToName());
                json.WriteString("name", entity.Name);
                json.WriteString("nameZh", entity.NameZh);
                json.WriteString("chain", entity.Chain);
                json.WriteString("town", entity.Town);
                json.WriteString("role", entity.Role);
                json.WriteEndObject();
            }

            json.WriteEndArray();

            json.WriteStartArray("figures");
            foreach (var figure in dataset.Figures.Where(f => filter is null || f.Kind == filter))
            {
                json.WriteStartObject();
                json.WriteString("id", figure.Id);
                json.WriteString("entity", figure.Entity);
                json.WriteString("name", figure.Name);
                if (figure.Value is { } number)
                {
                    json.WriteNumber("value", number);
                }
                else
                {
                    json.WriteString("value", figure.Text);
                }

                json.WriteString("unit", figure.Unit);
                json.WriteString("kind", figure.Kind.ToName());
                json.WriteString("source", figure.Source);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        output.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
        output.Flush();
    }
}
