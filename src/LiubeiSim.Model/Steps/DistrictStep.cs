using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using LiubeiSim.Aggregation;
using LiubeiSim.Model.Engine;
using LiubeiSim.Model.Numerics;
using LiubeiSim.Model.Parameters;
using LiubeiSim.Model.Randomness;

namespace LiubeiSim.Model.Steps;

/// <summary>
/// The district's month over a block: gathers every entity's contribution in the fixed order of
/// <see cref="DistrictModel.Kinds"/>, solves chain output through the Leontief inverse, x = L (f + k), and keeps the
/// accounts: value added by each chain's own ratio, employment as incumbent plus project jobs (each counted once, in
/// its chain, and allocated to towns), GDP as value added plus the rest, investment as named plus pipeline plus other.
/// It writes the month's raw value of every series and the snapshot the entities read next month.
/// </summary>
public sealed class DistrictStep
{
    private readonly ModelParameters _p;
    private readonly double[] _highTechFirms;
    private readonly double[] _schooling;

    /// <summary>Industrial jobs shed and not yet filled again: later hiring refills them first, and a recall is not a new job.</summary>
    private readonly double[] _unfilledLayoffs;
    private readonly double[] _nonIndustrialProjectInvestment;
    private readonly double[] _industrialInvestment;
    private readonly double[] _introduced;
    private readonly double[] _industrialIntroduced;
    private readonly double[] _started;
    private readonly double[] _completed;
    private readonly double[] _coverageGain;
    private readonly double[] _firmTotals;

    /// <summary>
    /// The Poisson table of firms lost a month, by the number of high-tech firms held (a whole number with the noise
    /// on): the loss's mean depends on that count only, so the run builds a table once per count
    /// (<see cref="ModelParameters.PoissonTables"/>) instead of an exp per replication and month, and a block keeps the
    /// ones it meets by count, an index per replication rather than the shared dictionary's lookup. Grown as counts turn up.
    /// </summary>
    private PoissonTable?[] _lossByHeld = [];

    /// <summary>Each chain's and town's contribution values for the month being reduced, in chain and town list order.</summary>
    private readonly double[][] _chainValues;
    private readonly double[][] _townValues;

    public DistrictStep(ModelParameters parameters, ReplicationBlock block)
    {
        _p = parameters;
        Block = block;
        var n = block.Count;
        _highTechFirms = new double[n];
        _schooling = new double[n];
        _unfilledLayoffs = new double[n];
        _highTechFirms.AsSpan().Fill(parameters.District.HighTech0);
        _schooling.AsSpan().Fill(parameters.District.SchoolingCoverage0);
        _nonIndustrialProjectInvestment = new double[n];
        _industrialInvestment = new double[n];
        _introduced = new double[n];
        _industrialIntroduced = new double[n];
        _started = new double[n];
        _completed = new double[n];
        _coverageGain = new double[n];
        _firmTotals = parameters.Firms.Count > 0 ? new double[parameters.Chains.Count * n] : [];
        _chainValues = new double[parameters.Chains.Count][];
        _townValues = new double[parameters.Towns.Count][];
    }

    public ReplicationBlock Block { get; }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Reduce(int month, DistrictContributions inputs, DistrictSnapshot previous, DistrictSnapshot next, Span<double> raw)
    {
        var p = _p;
        var d = p.District;
        var n = Block.Count;
        var chains = p.Chains.Count;
        var t = p.Time.MonthIndex(month);
        var leontief = p.Io.LeontiefRowMajor;
        var noise = p.Noise;

        var servicesTrend = d.NonIndustrialGdp0 / 12 * p.Time.Growth(d.ServicesGrowth, t);
        var servicesHiresTrend = d.ServicesHires0 / 12 * p.Time.Growth(d.ServicesGrowth, t);
        var otherInvestment = (d.NonIndustrialInvestment0 / 12 * p.Time.Growth(d.ServicesGrowth, t)) - d.PlannedNamedOther[month];
        var capitalTrend = d.OutsideCapital0 / 12 * p.Time.Growth(d.OutsideCapitalGrowth, t) * d.OutsideCapitalShock[month];
        var loansTrend = d.LoansPerYear / 12 * d.CreditShock[month];
        var certifications = d.CertificationsPerYear / 12;
        var controlRnd = p.Control.Rnd(month);

        if (p.Firms.Count > 0)
        {
            FirmStep.Reduce(p, inputs.Of(DistrictModel.Firm), previous, next, _firmTotals);
        }

        GatherProjects(inputs, previous, next);
        var chainInputs = inputs.Of(DistrictModel.Chain);
        var townInputs = inputs.Of(DistrictModel.Town);

        // What the loop reads per chain and town, taken out of the lists once a month rather than per replication.
        var towns = p.Towns.Count;
        Span<double> investmentShare = stackalloc double[chains];
        Span<double> valueAddedRatio = stackalloc double[chains];
        Span<double> jobShare = stackalloc double[towns];
        Span<int> townIndex = stackalloc int[towns];
        for (var c = 0; c < chains; c++)
        {
            investmentShare[c] = p.Chains[c].InvestmentShare;
            valueAddedRatio[c] = p.Chains[c].ValueAddedRatio;
            _chainValues[c] = chainInputs[c].Values;
        }

        for (var k = 0; k < towns; k++)
        {
            jobShare[k] = p.Towns[k].JobShare;
            townIndex[k] = p.Towns[k].Index;
            _townValues[k] = townInputs[p.Towns[k].Index].Values;
        }

        var finalDemandRow = ChainChannels.FinalDemand * n;
        var employmentRow = ChainChannels.Employment * n;
        var rndRow = ChainChannels.Rnd * n;
        var incomeRow = TownChannels.PovertyIncome * n;

        // Where each chain's and town's series start in the raw values.
        Span<int> outputRow = stackalloc int[chains];
        Span<int> valueAddedRow = stackalloc int[chains];
        Span<int> chainRndRow = stackalloc int[chains];
        Span<int> chainJobsRow = stackalloc int[chains];
        Span<int> townJobsRow = stackalloc int[towns];
        Span<int> townIncomeRow = stackalloc int[towns];
        for (var c = 0; c < chains; c++)
        {
            outputRow[c] = SeriesLayout.ChainSeries(SeriesLayout.IndustrialOutput, c) * n;
            valueAddedRow[c] = SeriesLayout.ChainSeries(SeriesLayout.IndustrialValueAdded, c) * n;
            chainRndRow[c] = SeriesLayout.ChainSeries(SeriesLayout.Rnd, c) * n;
            chainJobsRow[c] = SeriesLayout.ChainSeries(SeriesLayout.Employment, c) * n;
        }

        for (var k = 0; k < towns; k++)
        {
            townJobsRow[k] = SeriesLayout.TownSeries(SeriesLayout.Employment, townIndex[k]) * n;
            townIncomeRow[k] = SeriesLayout.TownSeries(SeriesLayout.PovertyIncome, townIndex[k]) * n;
        }

        Span<double> demand = stackalloc double[chains];
        // The district's streams: 1 services, 2 jobs, 3 outside capital, 4 loans, 5 other investment (normals),
        // 6 certifications and 7 losses (uniforms for Poisson counts), 8 livelihood (normal).
        Span<ulong> keys = stackalloc ulong[8];
        for (var stream = 0; stream < keys.Length; stream++)
        {
            keys[stream] = CounterRandom.StreamKey(p.Seed, d.Key, t, stream + 1);
        }

        var rows = new MonthRows(finalDemandRow, employmentRow, rndRow, incomeRow, investmentShare, valueAddedRatio, jobShare, townIndex, outputRow, valueAddedRow, chainRndRow, chainJobsRow, townJobsRow, townIncomeRow);
        var vectorWidth = chains > MaxVectorChains ? 1
            : Vector512.IsHardwareAccelerated ? Lanes512.Count
            : Vector256.IsHardwareAccelerated ? Lanes256.Count
            : 1;
        Span<double> laneInvestment = stackalloc double[MaxLanes];
        Span<double> lanes = stackalloc double[LaneValues * MaxLanes];
        var width = 1;

        // Drawn a chunk of the block at a time, just before the chunk's replications use them (the same bits as one batch).
        using var draws = new DrawRows(9, n);
        for (var lo = 0; lo < n; lo += DrawRows.Chunk)
        {
            var length = Math.Min(DrawRows.Chunk, n - lo);
            var first = Block.Start + lo;
            var servicesFactors = draws.Row(0, length);
            var jobsFactors = draws.Row(1, length);
            var capitalFactors = draws.Row(2, length);
            var loansFactors = draws.Row(3, length);
            var otherFactors = draws.Row(4, length);
            var certify = draws.Row(5, length);
            var loss = draws.Row(6, length);
            var livelihood = draws.Row(7, length);
            var rndRatio = draws.Row(8, length);
            noise.Normals(keys[0], first, servicesFactors);
            noise.Normals(keys[1], first, jobsFactors);
            noise.Normals(keys[2], first, capitalFactors);
            noise.Normals(keys[3], first, loansFactors);
            noise.Normals(keys[4], first, otherFactors);
            noise.Uniforms(keys[5], first, certify);
            noise.Uniforms(keys[6], first, loss);
            noise.Normals(keys[7], first, livelihood);

            // The five lognormal factors, each row of normals made factors in place in one batch of exponentials.
            noise.Factors(d.ServicesVolatility, servicesFactors);
            noise.Factors(d.JobsVolatility, jobsFactors);
            noise.Factors(d.CapitalVolatility, capitalFactors);
            noise.Factors(d.CapitalVolatility, loansFactors);
            noise.Factors(d.ServicesVolatility, otherFactors);

            // Certifications follow R&D against the control forecast's, raised to the elasticity in one batch (each
            // replication's R&D is read here, before the loop below writes its own: the snapshots share the row).
            for (var j = 0; j < length; j++)
            {
                rndRatio[j] = Math.Max(previous.Rnd[lo + j], 0) / controlRnd;
            }

            Powers.Pow(rndRatio, d.HighTechRndElasticity, rndRatio);

            // Eight (AVX-512) or four (AVX2) replications at a time in vector lanes, one at a time for the rest of
            // the chunk: the chains' and towns' part (Leontief, value added, jobs) is the same operations per lane in
            // the same order, so the lanes give the scalar bits; what draws (Poisson) is done per replication.
            for (var at = 0; at < length; at += width)
            {
                width = at + vectorWidth <= length ? vectorWidth : 1;
                for (var lane = 0; lane < width; lane++)
                {
                    // Fixed investment is final demand: each chain sells its share of this month's investment to local sites.
                    var i = lo + at + lane;
                    laneInvestment[lane] = (otherInvestment * otherFactors[at + lane]) + _nonIndustrialProjectInvestment[i] + _industrialInvestment[i];
                }

                if (width == Lanes512.Count && vectorWidth == Lanes512.Count)
                {
                    ChainsAndTowns<Vector512<double>, Lanes512>(lo + at, leontief, rows, next, raw, laneInvestment, lanes);
                }
                else if (width == Lanes256.Count && vectorWidth == Lanes256.Count)
                {
                    ChainsAndTowns<Vector256<double>, Lanes256>(lo + at, leontief, rows, next, raw, laneInvestment, lanes);
                }
                else
                {
                    var i = lo + at;
                    var investment = laneInvestment[0];

                    // Completed projects' output is sold outside the district (final demand, k); through L they also buy
                    // from district suppliers, which is their indirect effect, and their own output counts once, in x.
                    for (var c = 0; c < chains; c++)
                    {
                        demand[c] = _chainValues[c][finalDemandRow + i] + (investmentShare[c] * investment) + (next.Capacity[(c * n) + i] / 12);
                    }

                    var industrialOutput = 0.0;
                    var valueAdded = 0.0;
                    var employment = 0.0;
                    var incumbentJobs = 0.0;
                    var rnd = 0.0;
                    for (var c = 0; c < chains; c++)
                    {
                        var x = 0.0;
                        for (var j = 0; j < chains; j++)
                        {
                            x += leontief[(c * chains) + j] * demand[j];
                        }

                        var va = x * valueAddedRatio[c];
                        var incumbent = _chainValues[c][employmentRow + i];
                        var jobs = incumbent + next.ProjectJobs[(c * n) + i];
                        var chainRnd = _chainValues[c][rndRow + i];
                        next.Output[(c * n) + i] = x;
                        raw[outputRow[c] + i] = x;
                        raw[valueAddedRow[c] + i] = va;
                        raw[chainRndRow[c] + i] = chainRnd;
                        raw[chainJobsRow[c] + i] = jobs;
                        industrialOutput += x;
                        valueAdded += va;
                        employment += jobs;
                        incumbentJobs += incumbent;
                        rnd += chainRnd;
                    }

                    var povertyIncome = 0.0;
                    for (var k = 0; k < towns; k++)
                    {
                        var town = townIndex[k];
                        var located = (jobShare[k] * incumbentJobs) + next.ProjectTownJobs[(town * n) + i];
                        var income = _townValues[k][incomeRow + i];
                        next.TownEmployment[(town * n) + i] = located;
                        raw[townJobsRow[k] + i] = located;
                        raw[townIncomeRow[k] + i] = income;
                        povertyIncome += jobShare[k] * income;
                    }

                    lanes[LaneIndustrialOutput * MaxLanes] = industrialOutput;
                    lanes[LaneValueAdded * MaxLanes] = valueAdded;
                    lanes[LaneEmployment * MaxLanes] = employment;
                    lanes[LaneRnd * MaxLanes] = rnd;
                    lanes[LanePovertyIncome * MaxLanes] = povertyIncome;
                }

                for (var lane = 0; lane < width; lane++)
                {
                    var i = lo + at + lane;
                    var draw = at + lane;
                    var investment = laneInvestment[lane];
                    var industrialOutput = lanes[(LaneIndustrialOutput * MaxLanes) + lane];
                    var valueAdded = lanes[(LaneValueAdded * MaxLanes) + lane];
                    var employment = lanes[(LaneEmployment * MaxLanes) + lane];
                    var rnd = lanes[(LaneRnd * MaxLanes) + lane];
                    var povertyIncome = lanes[(LanePovertyIncome * MaxLanes) + lane];
                    var servicesOutput = servicesTrend * servicesFactors[draw];

                    // New urban jobs are hires: industrial firms replace leavers and add jobs, and the rest of the economy hires in
                    // step with its output. Jobs shed are owed: the hiring that recovers them is a recall, not a new job, so a dip
                    // and its recovery add nothing, and whatever raises employment raises new urban jobs.
                    // Employment and R&D are read here before they are written below: the two snapshots share them.
                    var before = previous.Employment[i];
                    var gross = (d.ReplacementRate / 12 * before) + (employment - before);
                    var recalled = Math.Clamp(gross, 0, _unfilledLayoffs[i]);
                    _unfilledLayoffs[i] += Math.Max(0, -gross) - recalled;
                    var industrialHires = Math.Max(0, gross) - recalled;
                    var servicesHires = servicesHiresTrend * (servicesOutput / servicesTrend) * jobsFactors[draw];
                    var capital = capitalTrend * capitalFactors[draw];
                    var loans = loansTrend * loansFactors[draw];
                    var certified = noise.Poisson(certifications * rndRatio[draw], certify[draw]);
                    var held = _highTechFirms[i];
                    var lost = noise.On && held >= 0 && held < MaxTabulatedHeld && held == Math.Floor(held)
                        ? noise.Poisson(LossTable((int)held, d.HighTechLossRate), loss[draw])
                        : noise.Poisson(held * d.HighTechLossRate / 12, loss[draw]);
                    _highTechFirms[i] = Math.Max(0, held + certified - lost);
                    _schooling[i] = Math.Min(100, _schooling[i] + _coverageGain[i]);

                    next.Employment[i] = employment;
                    next.Rnd[i] = rnd;
                    raw[Cell(SeriesLayout.Gdp, n, i)] = valueAdded + servicesOutput;
                    raw[Cell(SeriesLayout.IndustrialOutput, n, i)] = industrialOutput;
                    raw[Cell(SeriesLayout.IndustrialValueAdded, n, i)] = valueAdded;
                    raw[Cell(SeriesLayout.InvestmentDisbursed, n, i)] = investment;
                    raw[Cell(SeriesLayout.IndustrialInvestment, n, i)] = _industrialInvestment[i];
                    raw[Cell(SeriesLayout.OutsideCapital, n, i)] = capital;
                    raw[Cell(SeriesLayout.ProjectsIntroduced, n, i)] = _introduced[i];
                    raw[Cell(SeriesLayout.IndustrialProjectsIntroduced, n, i)] = _industrialIntroduced[i];
                    raw[Cell(SeriesLayout.ProjectsStarted, n, i)] = _started[i];
                    raw[Cell(SeriesLayout.ProjectsCompleted, n, i)] = _completed[i];
                    raw[Cell(SeriesLayout.Loans, n, i)] = loans;
                    raw[Cell(SeriesLayout.Rnd, n, i)] = rnd;
                    raw[Cell(SeriesLayout.HighTech, n, i)] = _highTechFirms[i];
                    raw[Cell(SeriesLayout.NewUrbanJobs, n, i)] = industrialHires + servicesHires;
                    raw[Cell(SeriesLayout.Employment, n, i)] = employment;
                    raw[Cell(SeriesLayout.PovertyIncome, n, i)] = povertyIncome;
                    raw[Cell(SeriesLayout.Livelihood, n, i)] = Math.Clamp(d.LivelihoodShare + (d.LivelihoodVolatility * livelihood[draw]), 0, 100);
                    raw[Cell(SeriesLayout.Schooling, n, i)] = _schooling[i];
                }
            }
        }
    }

    private static int Cell(int series, int n, int i) => (series * n) + i;

    /// <summary>Replications the widest vector holds (<see cref="Vector512{T}"/> of doubles): the stride of the lanes' rows.</summary>
    private const int MaxLanes = 8;

    /// <summary>More chains than this keep to the scalar loop (their demand vectors live on the stack).</summary>
    private const int MaxVectorChains = 64;

    /// <summary>What the chains' and towns' part hands the rest of a replication's month, by lane: rows of <see cref="MaxLanes"/>.</summary>
    private const int LaneIndustrialOutput = 0;
    private const int LaneValueAdded = 1;
    private const int LaneEmployment = 2;
    private const int LaneRnd = 3;
    private const int LanePovertyIncome = 4;
    private const int LaneValues = 5;

    /// <summary>
    /// The chains' and towns' part of the month for the replications from <paramref name="i"/> that a vector of
    /// <typeparamref name="TLanes"/> holds, one per lane: each lane does the scalar loop's operations in its order (demand,
    /// then each chain's output through the Leontief row from 0.0 in column order, value added, jobs, and the district's
    /// sums from 0.0 in chain order; each town's jobs and the poverty income in town order), and .NET neither fuses nor
    /// reorders vector adds and multiplies, so the lanes hold the scalar bits at either width.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ChainsAndTowns<TVector, TLanes>(int i, ReadOnlySpan<double> leontief, in MonthRows rows, DistrictSnapshot next, Span<double> raw, ReadOnlySpan<double> laneInvestment, Span<double> lanes)
        where TVector : unmanaged
        where TLanes : struct, IDoubleLanes<TVector>
    {
        var n = Block.Count;
        var width = TLanes.Count;
        var chains = rows.InvestmentShare.Length;
        var towns = rows.JobShare.Length;
        var investment = TLanes.Load(laneInvestment);
        var twelve = TLanes.Broadcast(12.0);
        var zero = TLanes.Broadcast(0.0);
        Span<TVector> demand = stackalloc TVector[chains];
        for (var c = 0; c < chains; c++)
        {
            demand[c] = TLanes.Add(
                TLanes.Add(TLanes.Load(_chainValues[c].AsSpan(rows.FinalDemandRow + i, width)), TLanes.Multiply(TLanes.Broadcast(rows.InvestmentShare[c]), investment)),
                TLanes.Divide(TLanes.Load(next.Capacity.AsSpan((c * n) + i, width)), twelve));
        }

        var industrialOutput = zero;
        var valueAdded = zero;
        var employment = zero;
        var incumbentJobs = zero;
        var rnd = zero;
        for (var c = 0; c < chains; c++)
        {
            var x = zero;
            for (var j = 0; j < chains; j++)
            {
                x = TLanes.Add(x, TLanes.Multiply(TLanes.Broadcast(leontief[(c * chains) + j]), demand[j]));
            }

            var va = TLanes.Multiply(x, TLanes.Broadcast(rows.ValueAddedRatio[c]));
            var incumbent = TLanes.Load(_chainValues[c].AsSpan(rows.EmploymentRow + i, width));
            var jobs = TLanes.Add(incumbent, TLanes.Load(next.ProjectJobs.AsSpan((c * n) + i, width)));
            var chainRnd = TLanes.Load(_chainValues[c].AsSpan(rows.RndRow + i, width));
            TLanes.Store(x, next.Output.AsSpan((c * n) + i, width));
            TLanes.Store(x, raw.Slice(rows.OutputRow[c] + i, width));
            TLanes.Store(va, raw.Slice(rows.ValueAddedRow[c] + i, width));
            TLanes.Store(chainRnd, raw.Slice(rows.ChainRndRow[c] + i, width));
            TLanes.Store(jobs, raw.Slice(rows.ChainJobsRow[c] + i, width));
            industrialOutput = TLanes.Add(industrialOutput, x);
            valueAdded = TLanes.Add(valueAdded, va);
            employment = TLanes.Add(employment, jobs);
            incumbentJobs = TLanes.Add(incumbentJobs, incumbent);
            rnd = TLanes.Add(rnd, chainRnd);
        }

        var povertyIncome = zero;
        for (var k = 0; k < towns; k++)
        {
            var town = rows.TownIndex[k];
            var share = TLanes.Broadcast(rows.JobShare[k]);
            var located = TLanes.Add(TLanes.Multiply(share, incumbentJobs), TLanes.Load(next.ProjectTownJobs.AsSpan((town * n) + i, width)));
            var income = TLanes.Load(_townValues[k].AsSpan(rows.IncomeRow + i, width));
            TLanes.Store(located, next.TownEmployment.AsSpan((town * n) + i, width));
            TLanes.Store(located, raw.Slice(rows.TownJobsRow[k] + i, width));
            TLanes.Store(income, raw.Slice(rows.TownIncomeRow[k] + i, width));
            povertyIncome = TLanes.Add(povertyIncome, TLanes.Multiply(share, income));
        }

        TLanes.Store(industrialOutput, lanes.Slice(LaneIndustrialOutput * MaxLanes, width));
        TLanes.Store(valueAdded, lanes.Slice(LaneValueAdded * MaxLanes, width));
        TLanes.Store(employment, lanes.Slice(LaneEmployment * MaxLanes, width));
        TLanes.Store(rnd, lanes.Slice(LaneRnd * MaxLanes, width));
        TLanes.Store(povertyIncome, lanes.Slice(LanePovertyIncome * MaxLanes, width));
    }

    /// <summary>Where a block's month reads and writes each chain's and town's rows, and their figures, taken out of the lists once a month.</summary>
    private readonly ref struct MonthRows(
        int finalDemandRow,
        int employmentRow,
        int rndRow,
        int incomeRow,
        ReadOnlySpan<double> investmentShare,
        ReadOnlySpan<double> valueAddedRatio,
        ReadOnlySpan<double> jobShare,
        ReadOnlySpan<int> townIndex,
        ReadOnlySpan<int> outputRow,
        ReadOnlySpan<int> valueAddedRow,
        ReadOnlySpan<int> chainRndRow,
        ReadOnlySpan<int> chainJobsRow,
        ReadOnlySpan<int> townJobsRow,
        ReadOnlySpan<int> townIncomeRow)
    {
        public int FinalDemandRow { get; } = finalDemandRow;

        public int EmploymentRow { get; } = employmentRow;

        public int RndRow { get; } = rndRow;

        public int IncomeRow { get; } = incomeRow;

        public ReadOnlySpan<double> InvestmentShare { get; } = investmentShare;

        public ReadOnlySpan<double> ValueAddedRatio { get; } = valueAddedRatio;

        public ReadOnlySpan<double> JobShare { get; } = jobShare;

        public ReadOnlySpan<int> TownIndex { get; } = townIndex;

        public ReadOnlySpan<int> OutputRow { get; } = outputRow;

        public ReadOnlySpan<int> ValueAddedRow { get; } = valueAddedRow;

        public ReadOnlySpan<int> ChainRndRow { get; } = chainRndRow;

        public ReadOnlySpan<int> ChainJobsRow { get; } = chainJobsRow;

        public ReadOnlySpan<int> TownJobsRow { get; } = townJobsRow;

        public ReadOnlySpan<int> TownIncomeRow { get; } = townIncomeRow;
    }

    /// <summary>Counts of firms held beyond this draw their losses without a table.</summary>
    private const int MaxTabulatedHeld = 4096;

    /// <summary>The loss's table for <paramref name="held"/> firms, its mean the very expression the draw would take.</summary>
    private PoissonTable LossTable(int held, double lossRate)
    {
        if (held >= _lossByHeld.Length)
        {
            Array.Resize(ref _lossByHeld, Math.Min(MaxTabulatedHeld, Math.Max(held + 1, 2 * _lossByHeld.Length)));
        }

        return _lossByHeld[held] ??= _p.PoissonTables.For((double)held * lossRate / 12);
    }

    /// <summary>
    /// Adds every named project's and pipeline's contribution to the month's totals and to the snapshot's stocks, in
    /// the fixed order of the kinds list. Each project's capacity and jobs go to its chain (and its jobs to its town, or
    /// to every town by job share when the report names none), so the chains and the towns hold the same jobs.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void GatherProjects(DistrictContributions inputs, DistrictSnapshot previous, DistrictSnapshot next)
    {
        var p = _p;
        var n = Block.Count;
        _nonIndustrialProjectInvestment.AsSpan().Clear();
        _industrialInvestment.AsSpan().Clear();
        _introduced.AsSpan().Clear();
        _industrialIntroduced.AsSpan().Clear();
        _started.AsSpan().Clear();
        _completed.AsSpan().Clear();
        _coverageGain.AsSpan().Clear();
        // A block's two snapshots share their stocks (DistrictSnapshot.Following): they are added to in place. Snapshots
        // made apart (tests, and the per-phase tool on trees before Following) carry them forward first.
        CarryForward(previous.Capacity, next.Capacity);
        CarryForward(previous.ProjectJobs, next.ProjectJobs);
        CarryForward(previous.ProjectTownJobs, next.ProjectTownJobs);

        var projects = inputs.Of(DistrictModel.Project);
        for (var i = 0; i < projects.Count; i++)
        {
            Gather(projects[i], p.Projects[i].Industrial, p.Projects[i].Chain, p.Projects[i].Town, next);
        }

        var pipelines = inputs.Of(DistrictModel.Pipeline);
        for (var i = 0; i < pipelines.Count; i++)
        {
            Gather(pipelines[i], p.Pipelines[i].Industrial, p.Pipelines[i].Chain, town: -1, next);
        }

        static void CarryForward(double[] from, double[] to)
        {
            if (!ReferenceEquals(from, to))
            {
                from.CopyTo(to, 0);
            }
        }

        // A channel the step said is zero adds +0 to totals that are never −0: skipped, with the same bits.
        static void Add(EntityContribution project, int channel, Span<double> total)
        {
            if (!project.IsZero(channel))
            {
                RollUp.AddInto(project.Read(channel), total);
            }
        }

        void Gather(EntityContribution project, bool industrial, int chain, int town, DistrictSnapshot into)
        {
            Add(project, ProjectChannels.Investment, industrial ? _industrialInvestment : _nonIndustrialProjectInvestment);
            Add(project, ProjectChannels.Introduced, _introduced);
            Add(project, ProjectChannels.IndustrialIntroduced, _industrialIntroduced);
            Add(project, ProjectChannels.Started, _started);
            Add(project, ProjectChannels.Completed, _completed);
            Add(project, ProjectChannels.CoverageGain, _coverageGain);
            if (chain < 0)
            {
                return;
            }

            Add(project, ProjectChannels.CapacityAdded, into.Capacity.AsSpan(chain * n, n));
            if (project.IsZero(ProjectChannels.JobsAdded))
            {
                return;
            }

            var jobs = project.Read(ProjectChannels.JobsAdded);
            RollUp.AddInto(jobs, into.ProjectJobs.AsSpan(chain * n, n));
            if (town >= 0)
            {
                RollUp.AddInto(jobs, into.ProjectTownJobs.AsSpan(town * n, n));
                return;
            }

            foreach (var located in p.Towns)
            {
                var row = into.ProjectTownJobs.AsSpan(located.Index * n, n);
                for (var i = 0; i < n; i++)
                {
                    row[i] += jobs[i] * located.JobShare;
                }
            }
        }
    }
}
