namespace LiubeiSim.Model.Scenarios;

/// <summary>
/// Finds the known name a misspelt one most likely meant, for "did you mean" hints. Public so that every front end
/// (the scenario validator, the CLI, the HTTP API) suggests the same name for the same slip.
/// </summary>
public static class NameSuggester
{
    // Longer inputs are not plausible misspellings of our ids, and capping bounds the edit-distance cost.
    private const int MaxInputLength = 80;

    public static string? Nearest(string input, IEnumerable<string> candidates)
    {
        if (input.Length == 0 || input.Length > MaxInputLength)
        {
            return null;
        }

        var normalized = Normalize(input);
        string? best = null;
        var bestDistance = int.MaxValue;
        var bestSharesStem = false;
        foreach (var candidate in candidates)
        {
            var normalizedCandidate = Normalize(candidate);

            // A shared stem (sgmw vs sgmw_demand_growth) or all words in common (nev_share vs nev_transition_share)
            // beats a closer but unrelated name.
            var sharesStem = normalized.Length >= 4 &&
                (normalizedCandidate.Contains(normalized, StringComparison.Ordinal) ||
                 normalized.Contains(normalizedCandidate, StringComparison.Ordinal) ||
                 HasAllWords(normalizedCandidate, normalized));
            var distance = Distance(normalized, normalizedCandidate);
            if ((sharesStem && !bestSharesStem) || (sharesStem == bestSharesStem && distance < bestDistance))
            {
                best = candidate;
                bestDistance = distance;
                bestSharesStem = sharesStem;
            }
        }

        // Otherwise allow roughly one typo per four letters.
        return bestSharesStem || bestDistance <= Math.Max(2, normalized.Length / 4) ? best : null;
    }

    /// <summary>A " (did you mean 'x'?)" suffix, or nothing.</summary>
    public static string Hint(string input, IEnumerable<string> candidates) =>
        Nearest(input, candidates) is { } near ? $" (did you mean '{near}'?)" : string.Empty;

    /// <summary>
    /// Like <see cref="Hint"/>, for dotted ids (figure ids): failing a near spelling, the one id with as many parts,
    /// each starting with the part typed (<c>chain.auto_parts.jobs_per_output</c> → <c>chain.auto_parts_machinery.jobs_per_output</c>).
    /// </summary>
    public static string HintDotted(string input, IEnumerable<string> candidates)
    {
        var list = candidates as IReadOnlyCollection<string> ?? [.. candidates];
        var hint = Hint(input, list);
        if (hint.Length > 0)
        {
            return hint;
        }

        var parts = input.Split('.');
        var matches = list
            .Where(c => c.Split('.') is var cp && cp.Length == parts.Length && cp.Zip(parts).All(p => p.First.StartsWith(p.Second, StringComparison.Ordinal) || Distance(p.First, p.Second) <= 2))
            .Take(2)
            .ToList();
        return matches.Count == 1 ? $" (did you mean '{matches[0]}'?)" : string.Empty;
    }

    private static bool HasAllWords(string candidate, string input)
    {
        var words = input.Split('_', StringSplitOptions.RemoveEmptyEntries);
        var candidateWords = candidate.Split('_', StringSplitOptions.RemoveEmptyEntries);
        return words.Length >= 2 && words.All(w => candidateWords.Contains(w, StringComparer.Ordinal));
    }

    // Case and the choice of '-' or '_' are the commonest slips; they should not count as edits.
    private static string Normalize(string s) => s.ToLowerInvariant().Replace('-', '_');

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
