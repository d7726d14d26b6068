using System.Runtime.CompilerServices;
using LiubeiSim.Model.District;
using LiubeiSim.Model.Parameters;
using LiubeiSim.Model.InputOutput;
using LiubeiSim.Model.Scenarios;

namespace LiubeiSim.Grains.Entities;

/// <summary>
/// A run's parameters, built once per silo for every activation handed the same scenario and table objects (a shard's
/// setup reaches its entities by reference on their silo), instead of once per entity: building them resolves levers,
/// shocks, control paths and the Leontief inverse, which cost more than a month's step of a small entity.
/// </summary>
/// <remarks>
/// Keyed by object identity in weak tables, so the entry goes when the run's messages do. Parameters are immutable
/// and a pure function of scenario and table, so sharing them cannot change a number.
/// </remarks>
internal static class SharedParameters
{
    private static readonly ConditionalWeakTable<Scenario, ConditionalWeakTable<IoTable, ModelParameters>> Built = new();

    public static ModelParameters For(Scenario scenario, IoTable io) =>
        Built.GetValue(scenario, _ => new ConditionalWeakTable<IoTable, ModelParameters>())
            .GetValue(io, table => ModelParameters.Build(BaseYearDataset.Default, scenario, table));
}
