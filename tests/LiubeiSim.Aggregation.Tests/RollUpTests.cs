using CsCheck;

namespace LiubeiSim.Aggregation.Tests;

public class RollUpTests
{
    [Fact]
    public void Sum_adds_entities_per_replication()
    {
        double[] matrix = [1, 2, 10, 20, 100, 200];
        var destination = new double[2];
        RollUp.Sum(matrix, 3, destination);
        Assert.Equal([111.0, 222.0], destination);
    }

    [Fact]
    public void Sum_adds_in_increasing_entity_order()
    {
        var destination = new[] { 99.0 };
        RollUp.Sum([0.1, 0.2, 0.3], 3, destination);
        Bits.Equal(0.6000000000000001, destination[0]);
        RollUp.Sum([0.3, 0.2, 0.1], 3, destination);
        Bits.Equal(0.6, destination[0]);
    }

    [Fact]
    public void Sum_of_no_entities_is_zero()
    {
        var destination = new[] { 5.0, -0.0 };
        RollUp.Sum([], 0, destination);
        Bits.Equal([0.0, 0.0], destination);
    }

    [Fact]
    public void Sum_rejects_mismatched_sizes()
    {
        var error = Assert.Throws<ArgumentException>(() => RollUp.Sum(new double[5], 2, new double[3]));
        Assert.Contains("5", error.Message, StringComparison.Ordinal);
        Assert.Contains("2 entities", error.Message, StringComparison.Ordinal);
        Assert.Contains("3 replications", error.Message, StringComparison.Ordinal);
        Assert.Contains("6", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => RollUp.Sum([], -1, []));
    }

    [Fact]
    public void Sum_rejects_overlapping_destination()
    {
        var buffer = new double[6];
        Assert.Throws<ArgumentException>(() => RollUp.Sum(buffer.AsSpan(0, 4), 2, buffer.AsSpan(3, 2)));
    }

    [Fact]
    public void SumByGroup_sums_members_and_skips_ungrouped()
    {
        // 4 entities × 2 replications; entity 1 has no group.
        double[] matrix = [1, 2, 10, 20, 100, 200, 1000, 2000];
        int[] groups = [1, -1, 0, 1];
        var destination = new double[3 * 2];
        destination.AsSpan().Fill(7);
        RollUp.SumByGroup(matrix, groups, 3, destination);
        Assert.Equal([100.0, 200.0, 1001.0, 2002.0, 0.0, 0.0], destination);
    }

    [Fact]
    public void SumByGroup_rejects_bad_group_without_writing()
    {
        var destination = new[] { 7.0, 7.0 };
        Assert.Throws<ArgumentOutOfRangeException>(() => RollUp.SumByGroup([1, 2], [0, 2], 2, destination));
        Assert.Throws<ArgumentOutOfRangeException>(() => RollUp.SumByGroup([1, 2], [-2, 0], 2, destination));
        Assert.Throws<ArgumentOutOfRangeException>(() => RollUp.SumByGroup([1, 2], [0, 0], -1, destination));
        Assert.Equal([7.0, 7.0], destination);
    }

    [Fact]
    public void SumByGroup_rejects_mismatched_sizes()
    {
        // destination not a whole number of groups
        Assert.Throws<ArgumentException>(() => RollUp.SumByGroup(new double[4], [0, 0], 2, new double[3]));
        // entity matrix does not match entities × R
        var error = Assert.Throws<ArgumentException>(() => RollUp.SumByGroup(new double[5], [0, 1], 2, new double[4]));
        Assert.Contains("2 entities × 2 replications needs 4", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SumByGroup_with_no_groups_needs_every_entity_ungrouped()
    {
        RollUp.SumByGroup([1, 2, 3, 4], [-1, -1], 0, []);
        Assert.Throws<ArgumentOutOfRangeException>(() => RollUp.SumByGroup([1, 2, 3, 4], [-1, 0], 0, []));
        Assert.Throws<ArgumentException>(() => RollUp.SumByGroup([1, 2, 3], [-1, -1], 0, []));
    }

    [Fact]
    public void AddInto_adds_elementwise()
    {
        var destination = new[] { 1.0, 2.0, 3.0 };
        RollUp.AddInto([10, 20, 30], destination);
        Assert.Equal([11.0, 22.0, 33.0], destination);
        Assert.Throws<ArgumentException>(() => RollUp.AddInto([1, 2], destination));
    }

    [Fact]
    public void AddInto_allows_the_same_span_but_not_a_shifted_one()
    {
        var buffer = new[] { 1.0, 2.0, 3.0 };
        RollUp.AddInto(buffer, buffer);
        Assert.Equal([2.0, 4.0, 6.0], buffer);
        Assert.Throws<ArgumentException>(() => RollUp.AddInto(buffer.AsSpan(0, 2), buffer.AsSpan(1, 2)));
    }

    [Fact]
    public void Scale_multiplies_elementwise()
    {
        var values = new[] { 1.0, -2.0, 0.5 };
        RollUp.Scale(values, 4);
        Assert.Equal([4.0, -8.0, 2.0], values);
    }

    [Fact]
    public void Sum_equals_naive_loop_bit_for_bit() =>
        Generators.Matrix(8, 20, Generators.Value).Sample((entities, replications, values) =>
        {
            var copy = values.ToArray();
            var destination = new double[replications];
            RollUp.Sum(values, entities, destination);
            Bits.Equal(Reference.Sum(values, entities, replications), destination);
            Bits.Equal(copy, values);
        });

    [Fact]
    public void Sum_equals_fixed_order_sum_of_each_column() =>
        Generators.Matrix(8, 20, Generators.Value).Sample((entities, replications, values) =>
        {
            var destination = new double[replications];
            RollUp.Sum(values, entities, destination);
            for (var r = 0; r < replications; r++)
            {
                var column = Enumerable.Range(0, entities).Select(e => values[e * replications + r]).ToArray();
                Bits.Equal(FixedOrderSum.Sum(column), destination[r]);
            }
        });

    private static Gen<(int Entities, int Replications, double[] Values, int Groups, int[] GroupOf)> GroupedMatrix(Gen<double> value) =>
        from matrix in Generators.Matrix(10, 12, value)
        from groups in Gen.Int[1, 4]
        from groupOf in Gen.Int[-1, groups - 1].Array[matrix.Entities]
        select (matrix.Entities, matrix.Replications, matrix.Values, groups, groupOf);

    [Fact]
    public void SumByGroup_equals_naive_loop_per_group() =>
        GroupedMatrix(Generators.Value).Sample((entities, replications, values, groups, groupOf) =>
        {
            var copy = values.ToArray();
            var groupCopy = groupOf.ToArray();
            var destination = new double[groups * replications];
            RollUp.SumByGroup(values, groupOf, groups, destination);
            for (var g = 0; g < groups; g++)
            {
                var expected = Reference.Sum(values, entities, replications, e => groupOf[e] == g);
                Bits.Equal(expected, destination.AsSpan(g * replications, replications));
            }

            Bits.Equal(copy, values);
            Assert.Equal(groupCopy, groupOf);
        });

    [Fact]
    public void SumByGroup_with_one_group_equals_Sum_of_the_members() =>
        GroupedMatrix(Generators.Value).Sample((entities, replications, values, _, groupOf) =>
        {
            // Same entities in the same order, so exact equality holds for any doubles.
            var oneGroup = groupOf.Select(g => g < 0 ? -1 : 0).ToArray();
            var members = Enumerable.Range(0, entities).Where(e => oneGroup[e] == 0).ToArray();
            var memberMatrix = members.SelectMany(e => values.Skip(e * replications).Take(replications)).ToArray();
            var byGroup = new double[replications];
            var sum = new double[replications];
            RollUp.SumByGroup(values, oneGroup, 1, byGroup);
            RollUp.Sum(memberMatrix, members.Length, sum);
            Bits.Equal(sum, byGroup);
        });

    [Fact]
    public void SumByGroup_of_all_groups_adds_to_Sum_when_sums_are_exact() =>
        GroupedMatrix(Generators.Integral).Sample((entities, replications, values, groups, groupOf) =>
        {
            // Integer values make every partial sum exact, so regrouping cannot change a bit.
            var everyone = groupOf.Select(g => Math.Max(g, 0)).ToArray();
            var byGroup = new double[groups * replications];
            RollUp.SumByGroup(values, everyone, groups, byGroup);
            var total = new double[replications];
            for (var g = 0; g < groups; g++)
            {
                RollUp.AddInto(byGroup.AsSpan(g * replications, replications), total);
            }

            var sum = new double[replications];
            RollUp.Sum(values, entities, sum);
            Bits.Equal(sum, total);
        });

    [Fact]
    public void AddInto_and_Scale_are_elementwise() =>
        Gen.Select(Generators.Vector, Generators.Value).Select((v, factor) => (v, v.Select(x => x * 0.5 - 1).ToArray(), factor))
            .Sample((source, destination, factor) =>
            {
                var before = destination.ToArray();
                var sourceCopy = source.ToArray();
                RollUp.AddInto(source, destination);
                Bits.Equal(before.Select((d, i) => d + source[i]).ToArray(), destination);
                Bits.Equal(sourceCopy, source);
                var scaled = destination.ToArray();
                RollUp.Scale(scaled, factor);
                Bits.Equal(destination.Select(d => d * factor).ToArray(), scaled);
            });
}
