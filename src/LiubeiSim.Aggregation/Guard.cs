namespace LiubeiSim.Aggregation;

/// <summary>Shared argument checks, so every entry point words its errors the same way.</summary>
internal static class Guard
{
    public static void NotNegative(int value, string name)
    {
        if (value < 0)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must not be negative.");
        }
    }

    /// <summary>Checks that a matrix span holds exactly <paramref name="rows"/> × <paramref name="columns"/> values.</summary>
    public static void MatrixLength(int length, int rows, int columns, string name, string rowLabel, string columnLabel)
    {
        // long: rows × columns can exceed int.MaxValue for a corrupt argument, and must not wrap into a match.
        var expected = (long)rows * columns;
        if (length != expected)
        {
            throw new ArgumentException(
                $"{name} has {length} values, but {rows} {rowLabel} × {columns} {columnLabel} needs {expected}.",
                name);
        }
    }

    /// <summary>Infers the row length of a matrix span whose row count is known; throws if it does not divide.</summary>
    public static int RowLength(int length, int rows, string name, string rowLabel)
    {
        if (rows == 0)
        {
            if (length != 0)
            {
                throw new ArgumentException($"{name} has {length} values, but there are 0 {rowLabel}.", name);
            }

            return 0;
        }

        if (length % rows != 0)
        {
            throw new ArgumentException(
                $"{name} has {length} values, which is not a whole number of rows for {rows} {rowLabel}.",
                name);
        }

        return length / rows;
    }

    /// <summary>Rejects an output that overlaps an input: the loops read input after writing output.</summary>
    public static void NoOverlap(ReadOnlySpan<double> input, ReadOnlySpan<double> destination, string inputName)
    {
        if (input.Overlaps(destination))
        {
            throw new ArgumentException($"destination must not overlap {inputName}.", nameof(destination));
        }
    }
}
