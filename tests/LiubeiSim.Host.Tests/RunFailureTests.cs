using System.Text.Json;
using LiubeiSim.Grains.Entities;
using LiubeiSim.Grains.Messages;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LiubeiSim.Host.Tests;

/// <summary>
/// A failed run as a client sees it: the entity the district's way, the month and the model's reason, or only that it
/// was an internal error; never a silo address, grain key, type name or stack. The log has those, under the correlation
/// id the run's status carries.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class RunFailureTests(RunFailureTests.Fixture fixture) : IClassFixture<RunFailureTests.Fixture>
{
    /// <summary>What an internal fault's message might hold and a client must never see.</summary>
    private const string Internals = "silo S10.0.0.7:11111:123456 grain scenariorun/0123 at /work/src/Secret.cs:line 42";

    [Fact]
    public async Task A_model_failure_names_the_entity_the_month_and_the_models_reason()
    {
        fixture.Hook.FailAt("auto_parts_machinery", 2, () => new InvalidOperationException("auto-parts output fell below zero"));

        var status = await RunAsync();

        var error = status.GetProperty("error").GetString()!;
        var id = status.GetProperty("correlationId").GetString()!;
        Assert.Equal($"the chain auto_parts_machinery failed in 2023-03: auto-parts output fell below zero (correlation id {id}: the silo's log has the details)", error);
        Assert.Contains(fixture.Logs.Lines, line => line.Contains(id, StringComparison.Ordinal) && line.Contains("   at ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_internal_fault_says_only_that_and_leaves_its_message_to_the_log()
    {
        fixture.Hook.FailAt("shibeiping", 1, () => new NullReferenceException(Internals));

        var status = await RunAsync();

        var error = status.GetProperty("error").GetString()!;
        var id = status.GetProperty("correlationId").GetString()!;
        Assert.StartsWith("the town shibeiping failed in 2023-02: an internal error of the model (correlation id ", error, StringComparison.Ordinal);
        foreach (var secret in new[] { "10.0.0.7", "scenariorun/", "Secret.cs", "Exception", "/" })
        {
            Assert.DoesNotContain(secret, error, StringComparison.Ordinal);
        }

        Assert.Contains(fixture.Logs.Lines, line => line.Contains(id, StringComparison.Ordinal) && line.Contains(Internals, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("liubei", "the district (liubei)")]
    [InlineData("auto_parts_machinery", "the chain auto_parts_machinery")]
    [InlineData("shibeiping", "the town shibeiping")]
    [InlineData("pipeline/services", "the project pipeline pipeline/services")]
    [InlineData("firm/12", "the synthetic firm firm/12")]
    [InlineData("something-else", "something-else")]
    public void Entities_are_named_as_the_district_knows_them(string entity, string named) =>
        Assert.Equal(named, EntityStepException.Name(entity));

    [Fact]
    public void A_reason_is_one_line_of_the_models_message_at_most_300_characters()
    {
        Assert.Equal("first line", EntityStepException.ReasonOf(new ArgumentException("first line\n   at Somewhere.cs:line 1")));
        Assert.Equal(new string('x', EntityStepException.MaxReason) + "...", EntityStepException.ReasonOf(new InvalidOperationException(new string('x', 1000))));
        Assert.Equal("an internal error of the model", EntityStepException.ReasonOf(new IndexOutOfRangeException("Index was outside the bounds of the array.")));
    }

    private async Task<JsonElement> RunAsync()
    {
        var id = await fixture.Host.SubmitAsync(new { scenario = "baseline-2023", replications = 40, seed = 3, shards = 1 });
        var status = await fixture.Host.WaitForOutcomeAsync(id);
        Assert.Equal("failed", status.GetProperty("status").GetString());
        return status;
    }

    /// <summary>Throws the test's exception before one entity's step in one month.</summary>
    public sealed class FaultHook : IEntityStepHook
    {
        private volatile Tuple<string, int, Func<Exception>>? _target;

        public void FailAt(string entity, int month, Func<Exception> fault) => _target = Tuple.Create(entity, month, fault);

        public void BeforeStep(string grainKey, string entity, int month)
        {
            if (_target is { } t && t.Item1 == entity && t.Item2 == month)
            {
                throw t.Item3();
            }
        }
    }

    /// <summary>A host whose silo runs the test's fault hook, its log kept.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        private RunningHost? _host;

        public FaultHook Hook { get; } = new();

        public LogCapture Logs { get; } = new();

        public RunningHost Host => _host ?? throw new InvalidOperationException("The host has not started.");

        public async ValueTask InitializeAsync() => _host = await RunningHost.StartAsync(
            builder =>
            {
                builder.Services.AddSingleton<IEntityStepHook>(Hook);
                builder.Logging.AddProvider(Logs);
            },
            map: null);

        public async ValueTask DisposeAsync()
        {
            if (_host is not null)
            {
                await _host.DisposeAsync();
            }
        }
    }
}
