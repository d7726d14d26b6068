using LiubeiSim.Model.District;

namespace LiubeiSim.Model.Engine;

/// <summary>The base-year value of every series (the "2022 value" column), or null where the report and the assumptions give none.</summary>
public static class BaseValues
{
    public static double?[] For(BaseYearDataset data, ModelParameters p)
    {
        var y = p.BaseYear;
        var values = new double?[SeriesLayout.Count];
        double? N(string id) => data.TryGetFigure(id, out var f) ? f.Value : null;
        double? ByYear(string id2022, string id2021) => y == 2021 ? N(id2021) : N(id2022);

        values[SeriesLayout.Gdp] = ByYear("outside.gdp_2022", "district.gdp_2021");
        var output = p.ChainOutput0.Sum();
        values[SeriesLayout.IndustrialOutput] = output;
        values[SeriesLayout.IndustrialValueAdded] = output * p.VaRatio;
        var rnd = ByYear("D8", "D8.previous");
        values[SeriesLayout.Rnd] = rnd;
        var employment = p.Employment0.Sum();
        values[SeriesLayout.Employment] = employment;
        for (var c = 0; c < ModelParameters.Chains; c++)
        {
            values[SeriesLayout.ChainSeries(SeriesLayout.IndustrialOutput, c)] = p.ChainOutput0[c];
            values[SeriesLayout.ChainSeries(SeriesLayout.IndustrialValueAdded, c)] = p.ChainOutput0[c] * p.VaRatio;
            values[SeriesLayout.ChainSeries(SeriesLayout.Rnd, c)] = p.RndPerOutput[c] * p.ChainOutput0[c];
            values[SeriesLayout.ChainSeries(SeriesLayout.Employment, c)] = p.Employment0[c];
        }

        for (var t = 0; t < ModelParameters.Towns; t++)
        {
            values[SeriesLayout.TownSeries(SeriesLayout.Employment, t)] = employment * p.TownJobShare[t];
        }

        values[SeriesLayout.InvestmentDisbursed] = ByYear("outside.fai_2022", "district.fai_2021");
        values[SeriesLayout.OutsideCapital] = p.OutsideCapital0;
        values[SeriesLayout.ProjectsIntroduced] = y == 2022 ? N("D5") : null;
        values[SeriesLayout.IndustrialProjectsIntroduced] = y == 2022 ? N("D5.industrial") : null;
        values[SeriesLayout.ProjectsStarted] = y == 2022 ? N("projects.started") : null;
        values[SeriesLayout.ProjectsCompleted] = y == 2022 ? N("projects.completed") : null;
        values[SeriesLayout.Loans] = ByYear("D6", "district.guihuidai_2021");
        values[SeriesLayout.HighTech] = p.HighTech0;
        values[SeriesLayout.NewUrbanJobs] = p.NewUrbanJobs0;
        values[SeriesLayout.PovertyIncome] = y == 2022 ? N("D14.growth") : null;
        values[SeriesLayout.Livelihood] = ByYear("D16", "district.livelihood_share_2021");
        values[SeriesLayout.Schooling] = p.SchoolingCoverage0;
        return values;
    }

    /// <summary>Whether the indicator's base value is known for a scope; growth targets need it.</summary>
    public static bool IsKnown(double?[] values, string indicator, string scope)
    {
        var index = SeriesLayout.IndexOf(indicator, scope);
        return index >= 0 && values[index] is not null;
    }
}
