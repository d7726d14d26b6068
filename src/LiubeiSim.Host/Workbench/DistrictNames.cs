using System.Globalization;
using LiubeiSim.Model.District;

namespace LiubeiSim.Host.Workbench;

/// <summary>The district's entities as every workbench page names them: the report's Chinese name in Chinese; in English the English name with the Chinese after it.</summary>
public static class DistrictNames
{
    public static string Of(Entity entity, CultureInfo culture) =>
        Quantities.IsChinese(culture) ? entity.NameZh : $"{entity.Name} ({entity.NameZh})";

    /// <summary>The entity of that id by the same rule, or the id itself when the base year has no such entity.</summary>
    public static string Of(string id, CultureInfo culture) =>
        BaseYearDataset.Default.TryGetEntity(id, out var entity) ? Of(entity, culture) : id;
}
