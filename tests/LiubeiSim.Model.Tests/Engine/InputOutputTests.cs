using LiubeiSim.Model.District;
using LiubeiSim.Model.InputOutput;

namespace LiubeiSim.Model.Tests.Engine;

public sealed class InputOutputTests
{
    private static readonly string Header = "supplier," + string.Join(',', DistrictIds.Chains);

    private static string ValueAddedRow(string cell = "0.25") => "value_added," + string.Join(',', DistrictIds.Chains.Select(_ => cell));

    [Fact]
    public void Leontief_inverse_inverts_I_minus_A()
    {
        var io = IoTableReader.Default;
        var n = IoTable.Size;
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var sum = 0.0;
                for (var k = 0; k < n; k++)
                {
                    sum += ((i == k ? 1 : 0) - io.Coefficient(i, k)) * io.Leontief(k, j);
                }

                Assert.Equal(i == j ? 1.0 : 0.0, sum, 12);
                Assert.True(io.Leontief(i, j) >= 0);
            }
        }
    }

    [Fact]
    public void Type_I_multipliers_are_at_least_one()
    {
        var io = IoTableReader.Default;
        double[] jobs = [90, 70, 35, 250, 60, 25];
        for (var c = 0; c < IoTable.Size; c++)
        {
            Assert.True(io.OutputMultiplier(c) >= 1);
            Assert.True(io.EmploymentMultiplier(c, jobs) >= 1);
        }
    }

    [Fact]
    public void A_users_table_may_order_rows_and_columns_freely()
    {
        var reversed = DistrictIds.Chains.Reverse().ToList();
        var lines = new List<string> { "supplier," + string.Join(',', reversed) };
        foreach (var supplier in reversed)
        {
            lines.Add(supplier + "," + string.Join(',', reversed.Select(b => b == supplier ? "0.1" : "0.01")));
        }

        lines.Add("value_added," + string.Join(',', reversed.Select((_, i) => (0.2 + (i / 100.0)).ToString(System.Globalization.CultureInfo.InvariantCulture))));
        var table = IoTableReader.Read("mine.csv", string.Join('\n', lines));
        Assert.Equal(0.1, table.Coefficient(0, 0));
        Assert.Equal(0.01, table.Coefficient(0, 1));
        Assert.Equal(0.2 + ((DistrictIds.Chains.Count - 1) / 100.0), table.ValueAdded(0), 12);
        Assert.Equal("mine.csv", table.Source);
    }

    [Fact]
    public void Default_table_gives_the_base_years_reported_value_added()
    {
        var data = BaseYearDataset.Default;
        var output = data.Number("base.2022.industrial_output");
        var valueAdded = DistrictIds.Chains.Select((id, c) => output * data.Number($"chain.{id}.output_share") * IoTableReader.Default.ValueAdded(c)).Sum();
        Assert.Equal(data.Number("outside.industrial_va_2022"), valueAdded, 0.01);
    }

    [Fact]
    public void Value_added_multipliers_are_at_least_one()
    {
        for (var c = 0; c < IoTable.Size; c++)
        {
            Assert.True(IoTableReader.Default.ValueAddedMultiplier(c) >= 1);
        }
    }

    [Theory]
    [InlineData("", "mine.csv:1: header")]
    [InlineData("supplier,steel\n", "not a chain")]
    [InlineData("ROWS", "missing row(s)")]
    [InlineData("BADCELL", "mine.csv:3: tourism_equipment -> tourism_equipment: 'abc' is not a finite number")]
    [InlineData("NEGATIVE", "out of range")]
    [InlineData("COLUMNSUM", "sum to")]
    [InlineData("NOVALUEADDED", "missing row 'value_added'")]
    [InlineData("VALUEADDEDRANGE", "value_added -> tourism_equipment: 1.2 is out of range")]
    [InlineData("INPUTSOVERONE", "coefficients plus value added sum to")]
    public void Bad_tables_are_refused_with_file_line_and_field(string kind, string expected)
    {
        string Row(string chain, string cell) => chain + "," + string.Join(',', DistrictIds.Chains.Select(_ => cell));
        var text = kind switch
        {
            "ROWS" => Header + "\n" + Row(DistrictIds.Chains[0], "0.1") + "\n" + ValueAddedRow(),
            "BADCELL" => "# comment\n" + Header + "\n" + Row(DistrictIds.Chains[0], "abc"),
            "NEGATIVE" => Header + "\n" + Row(DistrictIds.Chains[0], "-0.1"),
            "COLUMNSUM" => Header + "\n" + string.Join('\n', DistrictIds.Chains.Select(c => Row(c, "0.2"))) + "\n" + ValueAddedRow(),
            "NOVALUEADDED" => Header + "\n" + string.Join('\n', DistrictIds.Chains.Select(c => Row(c, "0.01"))),
            "VALUEADDEDRANGE" => Header + "\n" + string.Join('\n', DistrictIds.Chains.Select(c => Row(c, "0.01"))) + "\n" + ValueAddedRow("1.2"),
            "INPUTSOVERONE" => Header + "\n" + string.Join('\n', DistrictIds.Chains.Select(c => Row(c, "0.15"))) + "\n" + ValueAddedRow("0.2"),
            _ => kind,
        };
        var error = Assert.Throws<IoTableException>(() => IoTableReader.Read("mine.csv", text));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
