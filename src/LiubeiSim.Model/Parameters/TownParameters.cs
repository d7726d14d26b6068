namespace LiubeiSim.Model.Parameters;

/// <summary>A town (镇/街道) of the district.</summary>
/// <param name="Index">Position in <see cref="District.DistrictIds.Towns"/>.</param>
/// <param name="Id">Entity id.</param>
/// <param name="Key">Random-stream key.</param>
/// <param name="JobShare">Share of the chains' jobs located there (<c>town.&lt;id&gt;.job_share</c>); also its weight in the district's poverty-exit income.</param>
public sealed record TownParameters(int Index, string Id, ulong Key, double JobShare);
