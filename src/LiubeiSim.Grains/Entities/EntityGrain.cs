using LiubeiSim.Aggregation;
using LiubeiSim.Grains.Messages;
using LiubeiSim.Model.District;
using LiubeiSim.Model.Engine;
using LiubeiSim.Model.Scenarios;
using Microsoft.Extensions.DependencyInjection;

namespace LiubeiSim.Grains.Entities;

/// <summary>
/// What every run-scoped entity grain shares: it rebuilds the run's parameters from the scenario and table it is
/// given (so every silo steps with the same numbers), holds its model state, and wraps each step so a failure names
/// the entity and the month.
/// </summary>
public abstract class EntityGrain : Grain, IEntityGrain
{
    private readonly IEntityStepHook? _hook;
    private ModelParameters? _parameters;
    private string _runId = string.Empty;

    protected EntityGrain(IServiceProvider services)
    {
        _hook = services.GetService<IEntityStepHook>();
    }

    /// <summary>The entity id, from the grain key <c>{run}/{shard}/{entity}</c>.</summary>
    protected string EntityId => EntityAddress.EntityOf(this.GetPrimaryKeyString());

    protected ModelParameters Parameters => _parameters ?? throw new InvalidOperationException($"{EntityId}: advanced before its shard started it (was the activation lost?).");

    protected ReplicationBlock Block { get; private set; }

    public Task Start(ShardSetup setup)
    {
        _runId = setup.RunId;
        Runs.CancelledRuns.ThrowIfCancelled(_runId);
        try
        {
            _parameters = SharedParameters.For(setup.Scenario, setup.Io);
            Block = setup.Block;
            Initialise();
        }
        catch (Exception e)
        {
            throw new EntityStepException(EntityId, $"{setup.Scenario.Start} (setting up)", e);
        }

        return Task.CompletedTask;
    }

    public Task Stop()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    /// <summary>Builds the model state for the block.</summary>
    protected abstract void Initialise();

    /// <summary>Runs one month's step; any exception becomes an <see cref="EntityStepException"/> naming entity and month.</summary>
    protected void Step(int month, Action step)
    {
        // A turn queued before its run was cancelled does nothing (and says why, not as a failure of this entity).
        Runs.CancelledRuns.ThrowIfCancelled(_runId);
        try
        {
            _hook?.BeforeStep(this.GetPrimaryKeyString(), EntityId, month);
            step();
        }
        catch (Exception e)
        {
            var when = _parameters is { } p ? YearMonth.FromIndex(p.HorizonStart + month).ToString() : $"#{month + 1}";
            throw new EntityStepException(EntityId, when, e);
        }
    }

    protected static int IndexOf(IReadOnlyList<string> ids, string id, string kind)
    {
        for (var i = 0; i < ids.Count; i++)
        {
            if (string.Equals(ids[i], id, StringComparison.Ordinal))
            {
                return i;
            }
        }

        throw new ArgumentException($"'{id}' is not a {kind} of the district.", nameof(id));
    }
}
