using LiubeiSim.Grains.Engine;
using LiubeiSim.Grains.Entities;
using LiubeiSim.Grains.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace LiubeiSim.Grains.Tests;

/// <summary>A step that throws fails the run, promptly, with a message naming the entity and the month.</summary>
public sealed class FailureTests(FailureTests.FaultySilo silo) : IClassFixture<FailureTests.FaultySilo>
{
    public static TheoryData<string, int> Faults { get; } = new()
    {
        { "boqiang_phase2", 3 },
        { "pipeline/services", 0 },
        { "auto_parts_machinery", 7 },
        { "shibeiping", 5 },
        { "liubei", 11 },
    };

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task A_throwing_entity_fails_the_run_naming_entity_and_month(string entity, int month)
    {
        var scenario = Scenarios.Load("baseline-2023");
        silo.Hook.FailAt(entity, month);

        var failure = await Assert.ThrowsAsync<SimulationFailedException>(() =>
            OrleansEngine.RunOnAsync(silo.Grains, scenario, shards: 3, cancellationToken: TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken));

        Assert.Contains(entity, failure.Message, StringComparison.Ordinal);
        Assert.Contains(scenario.Start.AddMonths(month).ToString(), failure.Message, StringComparison.Ordinal);
        Assert.Contains(FaultHook.Reason, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_silo_runs_again_after_a_failed_run()
    {
        var scenario = Scenarios.Load("baseline-2023");
        silo.Hook.FailAt("innovation_tower", 2);
        await Assert.ThrowsAsync<SimulationFailedException>(() => OrleansEngine.RunOnAsync(silo.Grains, scenario, shards: 2, cancellationToken: TestContext.Current.CancellationToken));

        silo.Hook.FailAt(null, 0);
        var result = await OrleansEngine.RunOnAsync(silo.Grains, scenario, shards: 2, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(scenario.Months, result.Months);
    }

    [Fact]
    public async Task Inputs_the_model_refuses_fail_before_any_grain_starts_with_the_models_message()
    {
        // Garment buying half a yuan of steel per yuan of Liugang's output leaves garment no final demand.
        var chains = Model.District.DistrictIds.Chains;
        var rows = chains.Select(supplier => supplier + "," + string.Join(',', chains.Select(buyer =>
            supplier == "modern_garment" && buyer == "other_industry" ? "0.5" : "0")));
        var valueAdded = "value_added," + string.Join(',', chains.Select(_ => "0.25"));
        var io = Model.InputOutput.IoTableReader.Read("too-much-steel.csv", $"supplier,{string.Join(',', chains)}\n{string.Join('\n', rows)}\n{valueAdded}\n");
        silo.Hook.FailAt(null, 0);

        var failure = await Assert.ThrowsAsync<SimulationFailedException>(() =>
            OrleansEngine.RunOnAsync(silo.Grains, Scenarios.Load("baseline-2023"), io, shards: 2, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains("too-much-steel.csv", failure.Message, StringComparison.Ordinal);
        Assert.Contains("modern_garment", failure.Message, StringComparison.Ordinal);
    }

    /// <summary>Throws in one entity and month, chosen by the test.</summary>
    public sealed class FaultHook : IEntityStepHook
    {
        public const string Reason = "injected by the test";

        private volatile Tuple<string, int>? _target;

        public void FailAt(string? entity, int month) => _target = entity is null ? null : Tuple.Create(entity, month);

        public void BeforeStep(string grainKey, string entity, int month)
        {
            if (_target is { } t && t.Item1 == entity && t.Item2 == month)
            {
                throw new InvalidOperationException(Reason);
            }
        }
    }

    public sealed class FaultySilo : IAsyncLifetime
    {
        private EmbeddedSilo? _silo;

        public FaultHook Hook { get; } = new();

        public IGrainFactory Grains => _silo!.Grains;

        public async ValueTask InitializeAsync() =>
            _silo = await EmbeddedSilo.StartAsync(s => s.Services.AddSingleton<IEntityStepHook>(Hook));

        public async ValueTask DisposeAsync()
        {
            if (_silo is not null)
            {
                await _silo.DisposeAsync();
            }
        }
    }
}
