namespace LiubeiSim.Model.District;

/// <summary>The ids of the district's entities. The order of each list is the fixed order of every sum.</summary>
public static class DistrictIds
{
    public const string District = "liubei";

    public const string TourismEquipment = "tourism_equipment";
    public const string PrefabConstruction = "prefab_construction";
    public const string MetalProcessingRecycling = "metal_processing_recycling";
    public const string ModernGarment = "modern_garment";
    public const string AutoPartsMachinery = "auto_parts_machinery";
    public const string OtherIndustry = "other_industry";

    /// <summary>The "1+1+3" chains (I1..I5) and the remainder that makes chains add up to the district.</summary>
    public static IReadOnlyList<string> Chains { get; } =
        [TourismEquipment, PrefabConstruction, MetalProcessingRecycling, ModernGarment, AutoPartsMachinery, OtherIndustry];

    public static IReadOnlyList<string> Towns { get; } =
        ["shatang", "shibeiping", "changtang", "bailu", "huangcun", "baisha_machang"];

    public static IReadOnlyList<string> Projects { get; } =
    [
        "boqiang_phase2", "haoshan_wall_materials", "garment_park_phase3", "guizhuo_sporting_goods",
        "longchang_vehicle_recycling", "metal_recycling_park", "innovation_tower", "innovation_centre",
        "baisha_renewal", "bailu_renewal", "machang_renewal", "hongweicang_land", "school_projects",
        "bailu_industrial_park",
    ];

    public static int ChainIndex(string id) => IndexOf(Chains, id);

    public static int TownIndex(string id) => IndexOf(Towns, id);

    /// <summary>Position of an id in one of the lists above (ordinal), or -1.</summary>
    public static int IndexOf(IReadOnlyList<string> ids, string id)
    {
        for (var i = 0; i < ids.Count; i++)
        {
            if (string.Equals(ids[i], id, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
