using LiubeiSim.Grains.Messages;
using LiubeiSim.Model.Parameters;
using LiubeiSim.Model.Scenarios;
using Microsoft.Extensions.DependencyInjection;

namespace LiubeiSim.Grains.Entities;

/// <summary>
/// What the entity grain and the district grain share: they rebuild the run's parameters from the scenario and table
/// they are given (so every silo steps with the same numbers), and wrap each step so a failure names the entity and
/// the month, while a fresh activation asked for a month (its silo was lost) says so for the run to recompute it.
/// </summary>
internal sealed class RunScopedActivation(IServiceProvider services, string grainKey)
{
    private readonly IEntityStepHook? _hook = services.GetService<IEntityStepHook>();
    private readonly Runs.LocalCancellations? _cancellations = services.GetService<Runs.LocalCancellations>();
    private ModelParameters? _parameters;
    private string _runId = string.Empty;

    /// <summary>The entity id, from the grain key <c>{run}/{shard}/{entity}</c>.</summary>
    public string EntityId { get; } = EntityAddress.EntityOf(grainKey);

    public ModelParameters Parameters => _parameters ?? throw Lost();

    /// <summary>Whether its shard asked it to start (whether or not the start succeeded).</summary>
    public bool Started => _runId.Length > 0;

    /// <summary>Builds the parameters, then runs <paramref name="initialise"/>; a failure names the entity and says it was setting up.</summary>
    public void Start(ShardSetup setup, Action<ModelParameters> initialise)
    {
        _runId = setup.RunId;
        ThrowIfCancelled();
        try
        {
            _parameters = SharedParameters.For(setup.Scenario, setup.Io);
            initialise(_parameters);
        }
        catch (Exception e)
        {
            throw new EntityStepException(EntityId, $"{setup.Scenario.Start} (setting up)", e);
        }
    }

    /// <summary>Runs one month's step; any exception becomes an <see cref="EntityStepException"/> naming entity and month.</summary>
    public void Step(int month, CancellationToken cancellationToken, Action step)
    {
        // A turn queued before its run was cancelled does nothing (Orleans drops most before they start; this catches the rest).
        cancellationToken.ThrowIfCancellationRequested();
        ThrowIfCancelled();
        if (_parameters is null)
        {
            throw Lost();
        }

        try
        {
            _hook?.BeforeStep(grainKey, EntityId, month);
            step();
        }
        catch (Exception e)
        {
            var when = _parameters is { } p ? YearMonth.FromIndex(p.Time.MonthIndex(month)).ToString() : $"#{month + 1}";
            throw new EntityStepException(EntityId, when, e);
        }
    }

    /// <summary>A setup or step queued before its run was cancelled on this silo does nothing (setting up a large block takes seconds).</summary>
    private void ThrowIfCancelled() => _cancellations?.ThrowIfCancelled(_runId);

    private ActivationLostException Lost() => new($"{grainKey}: asked to step before its shard set it up; the activation was lost (its silo died or left) and placed anew.");
}
