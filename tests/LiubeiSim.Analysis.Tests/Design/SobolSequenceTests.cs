using LiubeiSim.Analysis.Design;

namespace LiubeiSim.Analysis.Tests.Design;

public sealed class SobolSequenceTests
{
    [Fact]
    public void First_points_in_three_dimensions_match_the_published_values()
    {
        double[][] expected =
        [
            [0.5, 0.5, 0.5],
            [0.75, 0.25, 0.25],
            [0.25, 0.75, 0.75],
            [0.375, 0.375, 0.625],
            [0.875, 0.875, 0.125],
            [0.625, 0.125, 0.875],
            [0.125, 0.625, 0.375],
            [0.1875, 0.3125, 0.9375],
            [0.6875, 0.8125, 0.4375],
        ];

        Assert.Equal(expected, SobolSequence.Points(3, expected.Length));
    }

    [Fact]
    public void First_dimension_is_van_der_corput_in_gray_code_order() =>
        Assert.Equal([0.5, 0.75, 0.25, 0.375, 0.875, 0.625, 0.125], SobolSequence.Points(1, 7).Select(p => p[0]));

    [Fact]
    public void Lower_dimensions_do_not_depend_on_how_many_there_are() =>
        Assert.Equal(
            SobolSequence.Points(5, 300).Select(p => p[..5]),
            SobolSequence.Points(SobolSequence.MaxDimension, 300).Select(p => p[..5]));

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(8)]
    [InlineData(12)]
    public void Every_coordinate_of_the_first_2_to_the_k_points_is_stratified(int k)
    {
        // The origin (point 0) is skipped, so points 1 … 2^k − 1 must fill every interval of width 2^-k but the first.
        var count = 1 << k;
        var points = SobolSequence.Points(SobolSequence.MaxDimension, count - 1);

        for (var d = 0; d < SobolSequence.MaxDimension; d++)
        {
            var intervals = new int[count];
            intervals[0]++;
            foreach (var point in points)
            {
                intervals[(int)(point[d] * count)]++;
            }

            Assert.True(intervals.All(c => c == 1), $"dimension {d + 1} is not stratified at 2^-{k}");
        }
    }

    [Fact]
    public void Every_point_is_in_the_unit_cube_and_distinct()
    {
        var points = SobolSequence.Points(SobolSequence.MaxDimension, 4096);

        Assert.All(points, p => Assert.All(p, x => Assert.InRange(x, 0.0, Math.BitDecrement(1.0))));
        Assert.Equal(4096, points.Select(p => string.Join(",", p)).Distinct().Count());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(SobolSequence.MaxDimension + 1)]
    public void Rejects_dimensions_without_direction_numbers(int dimension) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new SobolSequence(dimension));
}
