namespace LiubeiSim.Analysis.Design;

/// <summary>The checks every design makes of its factors.</summary>
internal static class FactorList
{
    public static Factor[] Check(IReadOnlyList<Factor> factors, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(factors, parameterName);
        if (factors.Count == 0)
        {
            throw new ArgumentException("A design needs at least one factor.", parameterName);
        }

        var copy = factors.ToArray();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var factor in copy)
        {
            if (factor is null)
            {
                throw new ArgumentException("A factor in the list is null.", parameterName);
            }

            // Results are keyed by name, so two factors of one name would be indistinguishable downstream.
            if (!names.Add(factor.Name))
            {
                throw new ArgumentException($"The factor {factor.Name} appears twice.", parameterName);
            }
        }

        return copy;
    }
}
