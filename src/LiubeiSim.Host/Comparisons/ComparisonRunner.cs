using LiubeiSim.Analysis.Comparison;
using LiubeiSim.Host.Admission;
using LiubeiSim.Host.Runs;
using LiubeiSim.Model.Admission;
using LiubeiSim.Model.Engine;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LiubeiSim.Host.Comparisons;

/// <summary>
/// Computes a paired comparison under this host's rules: the memory budget, the slots of <see cref="CompareSettings.MaxConcurrent"/>,
/// a lease on the cluster's memory, a thread of its own, then the result kept in the <see cref="ComparisonBook"/>.
/// <c>POST /api/compare</c> and the workbench's compare page both call it, so their rules cannot drift apart.
/// </summary>
public sealed class ComparisonRunner(ComparisonBook book, ComparisonSlots slots, CompareSettings settings, IHostApplicationLifetime lifetime, MemoryLeases leases)
{
    /// <summary>
    /// The comparison's id and result, or why it was refused (a problem the endpoint answers with, its text for a page).
    /// Throws <see cref="OperationCanceledException"/> only when <paramref name="cancellationToken"/> was cancelled.
    /// </summary>
    public async Task<ComparisonOutcome> RunAsync(CompareRequestReader.Comparison comparison, IProgress<RunProgress>? progress, CancellationToken cancellationToken)
    {
        // Both sides' runs are held in this process at once: too large for the memory budget is 422 before any work.
        var cost = RunCostEstimator.Comparison(comparison.A, comparison.B);
        if (ComparisonMemory.TooLarge(comparison, cost, leases.Budget.Memory) is ProblemHttpResult tooLarge)
        {
            return ComparisonOutcome.Refused(new ComparisonRefusal(tooLarge, null));
        }

        if (!slots.TryEnter())
        {
            return ComparisonOutcome.Refused(new ComparisonRefusal(
                TypedResults.Problem(
                    title: "This host is busy comparing.",
                    detail: $"It computes at most {Math.Max(1, settings.MaxConcurrent)} comparison(s) at once; try again shortly or on another silo.",
                    statusCode: StatusCodes.Status503ServiceUnavailable),
                "10"));
        }

        MemoryLease? lease;
        try
        {
            // Counted with the cluster's runs against one budget: while they hold the memory, a comparison waits its turn.
            (lease, var grant) = await leases.TryReserveAsync($"compare/{Guid.NewGuid():N}", cost.PeakBytes, cost.PeakBytes);
            if (lease is null && cost.PeakBytes > grant.BudgetBytes)
            {
                // The catalog's silo allows less than this host's budget: this comparison can never be reserved.
                slots.Exit();
                return ComparisonOutcome.Refused(new ComparisonRefusal(
                    (ProblemHttpResult)RefusalProblems.TooLarge(
                        $"this comparison needs about {ByteSize.Format(cost.PeakBytes)} of memory, over the {ByteSize.Format(grant.BudgetBytes)} the cluster's run catalog allows (its Admission settings); compare fewer replications or months.",
                        cost.PeakBytes,
                        grant.BudgetBytes,
                        0),
                    null));
            }

            if (lease is null)
            {
                slots.Exit();
                var (problem, seconds) = RefusalProblems.RetryProblem(
                    StatusCodes.Status503ServiceUnavailable,
                    "The memory for simulations is in use.",
                    $"This comparison needs about {ByteSize.Format(cost.PeakBytes)}; runs and other work hold {ByteSize.Format(grant.InUseBytes)} of the {ByteSize.Format(grant.BudgetBytes)} budget. Try again when some have finished.",
                    grant.RetryAfter);
                return ComparisonOutcome.Refused(new ComparisonRefusal(problem, seconds));
            }
        }
        catch (Exception e)
        {
            // The slot is this call's until it returns: freed on every way out, a fault of the reservation included.
            slots.Exit();
            if (RunStore.Unreachable(e) is not { } reason)
            {
                throw;
            }

            return ComparisonOutcome.Refused(new ComparisonRefusal(
                TypedResults.Problem(title: "The run store is unavailable.", detail: $"The memory budget is kept by the cluster's run catalog: {reason}; try again when it is back.", statusCode: StatusCodes.Status503ServiceUnavailable),
                RunEndpoints.RetryAfterSeconds));
        }

        ComparisonResult result;
        try
        {
            await using var held = lease;
            using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetime.ApplicationStopping);
            var (a, b, paired) = comparison;

            // A thread of its own: the comparison computes synchronously for seconds, which would starve the pool's threads.
            result = await Task.Factory.StartNew(() => PairedComparison.Run(a, b, io: null, paired, progress, cancel.Token), cancel.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ComparisonOutcome.Refused(new ComparisonRefusal(
                TypedResults.Problem(
                    title: "The host is shutting down.",
                    detail: "The comparison was stopped before it finished; send it again to another silo or once this one is back.",
                    statusCode: StatusCodes.Status503ServiceUnavailable),
                "30"));
        }
        finally
        {
            slots.Exit();
        }

        return ComparisonOutcome.Done(book.Add(result), result);
    }
}

/// <summary>A comparison computed and kept under <see cref="Id"/>, or the <see cref="Refusal"/> that stopped it.</summary>
public sealed record ComparisonOutcome(string? Id, ComparisonResult? Result, ComparisonRefusal? Refusal)
{
    public static ComparisonOutcome Done(string id, ComparisonResult result) => new(id, result, null);

    public static ComparisonOutcome Refused(ComparisonRefusal refusal) => new(null, null, refusal);
}

/// <summary>Why a comparison was not computed: the problem the API answers with and its Retry-After, if any.</summary>
public sealed record ComparisonRefusal(ProblemHttpResult Problem, string? RetryAfter)
{
    public string Title => Problem.ProblemDetails.Title ?? string.Empty;

    public string Detail => Problem.ProblemDetails.Detail ?? string.Empty;

    /// <summary>True when trying again later may succeed (busy, memory in use, shutting down), false when it never will as asked.</summary>
    public bool Transient => Problem.StatusCode == StatusCodes.Status503ServiceUnavailable;

    public IResult ToResult(HttpContext context)
    {
        if (RetryAfter is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds;
        }

        return Problem;
    }
}
