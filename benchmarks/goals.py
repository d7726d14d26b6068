#!/usr/bin/env python3
"""Reads what benchmarks/run.sh measured (ARTIFACTS, the BenchmarkDotNet.Artifacts folder) and prints one line per goal:

    NAME: ratio=X target=Y PASS|FAIL
    NAME: value=X target=Y PASS|FAIL        (a figure that is not a ratio)

A line may end with a parenthesis saying what it compares. It also writes ARTIFACTS/results.md (BenchmarkDotNet's
results as a table). Run it again on an existing folder to reprint the lines:

    python3 benchmarks/goals.py benchmarks/BenchmarkDotNet.Artifacts [Median|Mean|Min] [BEFORE_COMMIT]
"""
import glob
import json
import os
import re
import statistics
import sys

artifacts = sys.argv[1]
statistic = sys.argv[2] if len(sys.argv) > 2 else "Median"
before_commit = sys.argv[3] if len(sys.argv) > 3 else "227e738"
R = 100_000
MONTHS = 12


def read(name):
    path = os.path.join(artifacts, name)
    if not os.path.exists(path):
        return ""
    with open(path) as f:
        return f.read()


def load_reports(results_dir):
    """(class, method, params) -> chosen statistic (ns), and bytes allocated per operation, and table rows."""
    stat, allocated, rows = {}, {}, []
    for path in glob.glob(os.path.join(results_dir, "*-report-full.json")):
        with open(path) as f:
            report = json.load(f)
        for b in report.get("Benchmarks", []):
            stats = b.get("Statistics") or {}
            if statistic not in stats:
                continue
            key = (b["Type"], b["Method"], b.get("Parameters", ""))
            stat[key] = stats[statistic]
            memory = b.get("Memory") or {}
            if "BytesAllocatedPerOperation" in memory:
                allocated[key] = memory["BytesAllocatedPerOperation"]
            rows.append((b["Type"], b.get("Parameters", ""), b["Method"], stats["Median"], stats["Mean"], stats["Min"],
                         memory.get("BytesAllocatedPerOperation")))
    return stat, allocated, rows


median, allocated, rows = load_reports(os.path.join(artifacts, "results"))
pinned = {}          # cores -> this tree's pinned whole runs
pinned_before = {}   # cores -> the same job on the commit before issue 13's work
for cores in (1, 2):
    stat, _, pinned_rows = load_reports(os.path.join(artifacts, f"core{cores}", "results"))
    pinned[cores] = stat
    rows += [(f"{r[0]} (core{cores})",) + r[1:] for r in pinned_rows]
    stat, _, pinned_rows = load_reports(os.path.join(artifacts, f"before-core{cores}", "results"))
    pinned_before[cores] = stat
    rows += [(f"{r[0]} (core{cores}, {before_commit})",) + r[1:] for r in pinned_rows]


def duration(ns):
    for unit, scale in (("s", 1e9), ("ms", 1e6), ("us", 1e3)):
        if ns >= scale:
            return f"{ns / scale:,.2f} {unit}"
    return f"{ns:,.0f} ns"


def size(b):
    if b is None:
        return "-"
    for unit, scale in (("MB", 1 << 20), ("KB", 1 << 10)):
        if b >= scale:
            return f"{b / scale:,.1f} {unit}"
    return f"{b} B"


with open(os.path.join(artifacts, "results.md"), "w") as table:
    table.write("| benchmark | parameters | method | median | mean | min | allocated/op |\n|---|---|---|---:|---:|---:|---:|\n")
    for t, params, method, med, mean, mn, alloc in sorted(rows):
        table.write(f"| {t} | {params} | {method} | {duration(med)} | {duration(mean)} | {duration(mn)} | {size(alloc)} |\n")

peaks = {}
stopped = {}   # (engine, r) -> why a run was stopped before it ended (its peak is then a lower bound)
for line in read("peak-memory.txt").splitlines():
    m = re.search(r"engine=(\S+) replications=(\d+) peak_kib=(\d+)(?: stopped=(\S+))?", line)
    if m:
        peaks[(m.group(1), int(m.group(2)))] = int(m.group(3))
        if m.group(4):
            stopped[(m.group(1), int(m.group(2)))] = m.group(4)

lines = []


def fmt(x):
    if x is None:
        return "NA"
    if abs(x) >= 100:
        return f"{x:.0f}"
    return f"{x:.2f}"


def goal(name, numerator, denominator, target, at_least, note=""):
    if numerator is None or denominator is None or denominator == 0:
        lines.append(f"{name}: ratio=NA target={target} FAIL" + (f" ({note})" if note else ""))
        return
    ratio = numerator / denominator
    ok = ratio >= target if at_least else ratio <= target
    lines.append(f"{name}: ratio={ratio:.2f} target={target} {'PASS' if ok else 'FAIL'}" + (f" ({note})" if note else ""))


def value_goal(name, value, target, at_least, note="", lower_bound=False):
    """lower_bound: the true value is at least this one (a run stopped early); printed as value=>X."""
    if value is None or target is None:
        lines.append(f"{name}: value={fmt(value)} target={fmt(target)} FAIL" + (f" ({note})" if note else ""))
        return
    ok = (value >= target if at_least else value <= target) and not (lower_bound and not at_least)
    shown = (">" if lower_bound else "") + fmt(value)
    lines.append(f"{name}: value={shown} target={fmt(target)} {'PASS' if ok else 'FAIL'}" + (f" ({note})" if note else ""))


def m(cls, method, params):
    return median.get((cls, method, params))


print()
print(f"== ratios from BenchmarkDotNet's {statistic} of each benchmark (RATIO_STATISTIC=Median|Mean|Min)")
print("== allocated bytes per replication-month (MemoryDiagnoser, whole runs of 12 months)")
for r in (1000, 10000):
    for engine in ("InProcess", "Orleans"):
        a = allocated.get(("WholeRunBenchmarks", engine, f"R={r}"))
        if a is not None:
            print(f"   {engine:9} R={r:>7}: {a / (r * MONTHS):8.1f} B")
print("== peak resident set of one whole run (fresh process, VmHWM)")
for (engine, r), kib in sorted(peaks.items()):
    why = f"  stopped ({stopped[(engine, r)]}): at least this much" if (engine, r) in stopped else ""
    print(f"   {engine:9} R={r:>7}: {kib / 1024:8.1f} MiB  {kib * 1024 / r:10,.0f} B per replication{why}")

# Roll-up: the library against LINQ on both shapes, and against the bandwidth loop on the shape larger than the
# last-level cache (there the library runs at memory speed, so LINQ's own cost sets the speed-up).
goal("ROLLUP_SPEEDUP_VS_LINQ_0.8MB", m("RollUpBenchmarks", "Linq", "Shape=100x1000"),
     m("RollUpBenchmarks", "Library", "Shape=100x1000"), 10, True)
goal("ROLLUP_SPEEDUP_VS_LINQ_80MB", m("RollUpBenchmarks", "Linq", "Shape=1000x10000"),
     m("RollUpBenchmarks", "Library", "Shape=1000x10000"), 10, True)
goal("ROLLUP_SPEED_VS_BANDWIDTH_80MB", m("RollUpBenchmarks", "Bandwidth", "Shape=1000x10000"),
     m("RollUpBenchmarks", "Library", "Shape=1000x10000"), 0.8, True)
for r in (1000, 10000, 100000):
    goal(f"QUANTILES_SPEEDUP_VS_SORT_R{r}", m("QuantileBenchmarks", "SortEachColumn", f"R={r}"),
         m("QuantileBenchmarks", "Selection", f"R={r}"), 3, True)
for r in (1000, 10000):
    goal(f"ORLEANS_OVER_INPROCESS_R{r}", m("WholeRunBenchmarks", "Orleans", f"R={r}"),
         m("WholeRunBenchmarks", "InProcess", f"R={r}"), 1.3, False)
for engine in ("InProcess", "Orleans"):
    goal(f"REPLICATION_SCALING_1K_TO_10K_{engine.upper()}", m("WholeRunBenchmarks", engine, "R=10000"),
         m("WholeRunBenchmarks", engine, "R=1000"), 10, False)
goal("PEAK_MEMORY_GROWTH_1K_TO_10K", peaks.get(("orleans", 10000)), peaks.get(("orleans", 1000)), 10, False)
entity = [(m("EntityScalingBenchmarks", "Orleans", f"Firms={n}"), n) for n in (100, 10000)]
if all(t is not None for t, _ in entity):
    # Cost per entity-month: the run's time over (firms + the district's own entities) × 12 months.
    per = [t / ((n + 34) * MONTHS) for t, n in entity]
    goal("ENTITY_COST_GROWTH_100_TO_10K", per[1], per[0], 1.5, False)
else:
    lines.append("ENTITY_COST_GROWTH_100_TO_10K: ratio=NA target=1.5 FAIL")

# ---------------------------------------------------------------------------------------------------------------
# Issue 13. Skipped (no lines) when run.sh ran with ISSUE13=0: there is no clock then.
clock_match = re.search(r"clock_hz=(\d+)", read("clock.txt"))
if clock_match:
    clock = float(clock_match.group(1))
    rep_months = R * MONTHS

    def pinned_seconds(cores, method, tree=None):
        ns = (tree or pinned)[cores].get(("WholeRunBenchmarks", method, f"R={R}"))
        return ns / 1e9 if ns is not None else None

    # Side by side: the medians of the CLIs' simulationSeconds over the rounds.
    # In-process: startupSeconds + simulationSeconds, since its "startup" is the parameters and every block's set-up
    # (pipeline history draws: a tenth of the run), work the Orleans engine does inside its simulationSeconds.
    # Orleans: simulationSeconds only; its startupSeconds is the embedded silo's start, paid once per process.
    side = {}
    for line in read("side-by-side.txt").splitlines():
        mm = re.match(r"side tree=(\S+) engine=(\S+) cores=(\d) round=\d+ simulation_seconds=(\S+) startup_seconds=(\S+)", line)
        if mm:
            seconds = float(mm.group(4)) + (float(mm.group(5)) if mm.group(2) == "inprocess" else 0.0)
            side.setdefault((mm.group(1), mm.group(2), int(mm.group(3))), []).append(seconds)
    side_median = {k: statistics.median(v) for k, v in side.items()}
    before_1 = side_median.get(("before", "inprocess", 1))
    before_2 = side_median.get(("before", "orleans", 2))
    after_1 = side_median.get(("after", "inprocess", 1))
    after_2 = side_median.get(("after", "inprocess", 2))
    after_2_orleans = side_median.get(("after", "orleans", 2))

    def per_core(seconds, cores):
        return rep_months / seconds / cores if seconds else None

    def cycles(seconds, cores):
        return seconds * clock * cores / rep_months if seconds else None

    inproc_1 = pinned_seconds(1, "InProcess")
    inproc_2 = pinned_seconds(2, "InProcess")
    orleans_1 = pinned_seconds(1, "Orleans")
    orleans_2 = pinned_seconds(2, "Orleans")
    # The targets' base: the same BenchmarkDotNet job on the commit before, warm as the figures they judge.
    warm_before_1 = pinned_seconds(1, "InProcess", pinned_before)
    warm_before_2 = pinned_seconds(2, "Orleans", pinned_before)

    print()
    print(f"== issue 13: clock {clock / 1e9:.3f} GHz (measured on core 0: dependent 64-bit adds, one per cycle)")
    print(f"== whole runs of baseline-2023, R={R:,}, 12 months (BenchmarkDotNet {statistic}, warm, quantiles included)")
    for tree, label in ((pinned_before, "before"), (pinned, "after")):
        for cores in (1, 2):
            for method in ("InProcess", "Orleans"):
                seconds = pinned_seconds(cores, method, tree)
                if seconds:
                    print(f"   {label:6} {method:9} {cores} core{'s' if cores > 1 else ' '}: {seconds:7.3f} s  {per_core(seconds, cores):10,.0f} replication-months/s per core"
                          f"  {cycles(seconds, cores):8,.0f} core-cycles per replication-month")
    if warm_before_1 and inproc_1:
        print(f"   warm speed-up, in-process on 1 core: {warm_before_1 / inproc_1:.2f}"
              + (f"; 2 cores, before's Orleans / after's in-process: {warm_before_2 / inproc_2:.2f}, / after's Orleans: {warm_before_2 / orleans_2:.2f}"
                 if warm_before_2 and inproc_2 and orleans_2 else ""))
    print(f"== CLI runs side by side, {before_commit} (before) and this tree (after), median of {max((len(v) for v in side.values()), default=0)}:"
          " in-process startupSeconds + simulationSeconds (parameters and set-up are part of its run), Orleans simulationSeconds")
    for (tree, engine, cores), values in sorted(side.items()):
        med = statistics.median(values)
        print(f"   {tree:6} {engine:9} {cores} core{'s' if cores > 1 else ' '}: {med:7.3f} s  {per_core(med, cores):10,.0f} per core"
              f"  {cycles(med, cores):8,.0f} cycles  (runs: {', '.join(f'{v:.2f}' for v in values)})")
    if after_1 and inproc_1:
        print(f"   one tree measured both ways: after's CLI run (in-process, 1 core) {after_1:.3f} s, its warm BenchmarkDotNet run {inproc_1:.3f} s:"
              " a CLI run is a process's first, which pays for the JIT's first compilations and runs early code unoptimised")

    # Throughput per core and cycles: BenchmarkDotNet's warm figures against 4 × the before tree's in the same job.
    # (Against the CLI's figure the target would be a third easier: a first run in a process is that much slower.)

    value_goal("THROUGHPUT_PER_CORE_R100K", per_core(inproc_1, 1), 4 * per_core(warm_before_1, 1) if warm_before_1 else None, True,
               "replication-months/s per core, warm: in-process on 1 core; target 4 x before's, same job")
    value_goal("THROUGHPUT_PER_CORE_R100K_TWO_CORES", per_core(inproc_2, 2), 4 * per_core(warm_before_2, 2) if warm_before_2 else None, True,
               "in-process on 2 cores, per core; target 4 x before's best on 2 cores (Orleans), per core")
    value_goal("THROUGHPUT_PER_CORE_R100K_TWO_CORES_ORLEANS", per_core(orleans_2, 2), 4 * per_core(warm_before_2, 2) if warm_before_2 else None, True,
               "Orleans on 2 cores, per core; same target")
    value_goal("CYCLES_PER_REPMONTH_R100K", cycles(inproc_1, 1), cycles(warm_before_1, 1) / 4 if warm_before_1 else None, False,
               f"time x clock x cores / replication-months at {clock / 1e9:.3f} GHz, in-process on 1 core; target before's / 4")
    value_goal("CYCLES_PER_REPMONTH_R100K_TWO_CORES", cycles(inproc_2, 2), cycles(warm_before_2, 2) / 4 if warm_before_2 else None, False,
               "in-process on 2 cores x 2; target before's Orleans on 2 cores / 4")
    goal("SPEEDUP_VS_BEFORE_R100K", before_1, after_1, 4, True,
         "CLI run time, in-process, taskset -c 0: before / after")
    goal("SPEEDUP_VS_BEFORE_R100K_TWO_CORES", before_2, after_2, 4, True,
         "CLI, 2 cores: before's Orleans / after's in-process")
    goal("SPEEDUP_VS_BEFORE_R100K_TWO_CORES_ORLEANS", before_2, after_2_orleans, 4, True,
         "CLI, 2 cores: before's Orleans / after's Orleans")

    # Orleans against in-process. CPU: the same process, alternating, both engines with every core (time-runs).
    tr = re.search(r"time-runs: replications=(\d+) runs=(\d+) processors=(\d+) inprocess_wall_ms=(\S+) inprocess_cpu_ms=(\S+) orleans_wall_ms=(\S+) orleans_cpu_ms=(\S+)",
                   read("time-runs.txt"))
    if tr:
        processors = int(tr.group(3))
        paired = re.search(r"cpu_ratio_median=(\S+)", read("time-runs.txt"))
        warm = re.search(r"warmups=(\d+) settled=(\w+)", read("time-runs.txt"))
        warmed = (f", after {warm.group(1)} warm-up rounds (JIT {dict(yes='settled', no='NOT settled').get(warm.group(2), 'not checked')})"
                  if warm else "")
        if paired:
            # The median of each round's ratio: its two runs are neighbours in time, so a drift of the machine's speed
            # between rounds (common on a shared machine) cancels out.
            goal("ORLEANS_CPU_OVER_INPROCESS_R100K", float(paired.group(1)), 1.0, 1.1, False,
                 f"process CPU time of a warm whole run, Orleans / in-process, both on all {processors} cores, alternating in one process, median of {tr.group(2)} rounds' ratios{warmed}")
        else:
            goal("ORLEANS_CPU_OVER_INPROCESS_R100K", float(tr.group(7)), float(tr.group(5)), 1.1, False,
                 f"process CPU time of a warm whole run, Orleans / in-process, both on all {processors} cores, alternating in one process, median of {tr.group(2)}")
    else:
        goal("ORLEANS_CPU_OVER_INPROCESS_R100K", None, None, 1.1, False, "time-runs did not run")
    goal("ORLEANS_WALL_OVER_INPROCESS_R100K", orleans_2, inproc_1, 0.7, False,
         "wall time, Orleans on 2 cores / in-process on 1 core, BenchmarkDotNet pinned jobs")
    if orleans_2 and inproc_2:
        print(f"== for reference, same cores: Orleans wall on 2 cores / in-process wall on 2 cores = {orleans_2 / inproc_2:.2f}"
              + (f"; time-runs (all cores): wall {float(tr.group(6)) / float(tr.group(4)):.2f}" if tr else ""))

    # Memory. One silo: the benchmark exe's peak-memory command, Orleans engine, fresh process.
    one = peaks.get(("orleans", 1_000_000))
    one_stopped = stopped.get(("orleans", 1_000_000))
    value_goal("PEAK_BYTES_PER_REPLICATION_R1M", one * 1024 / 1_000_000 if one else None, 6144, False,
               "VmHWM of a fresh process running 1,000,000 replications on its embedded silo / 1,000,000"
               + (f"; stopped before the end ({one_stopped}), so at least this" if one_stopped else ""),
               lower_bound=bool(one_stopped))
    silos_text = read("silos.txt")
    sm = re.search(r"silos=(\d+) replications=(\d+) max_peak_kib=(\d+) max_idle_kib=(\d+) run_seconds=(\S+) shards=(\S+)(?: stopped=(\S+))?", silos_text)
    if sm and one and peaks.get(("orleans", 1000)):
        n, reps = int(sm.group(1)), int(sm.group(2))
        print(f"== peak resident set of each of {n} silos (VmHWM) running {reps:,} replications, and when idle before it")
        for line in silos_text.splitlines():
            if line.startswith("silo="):
                print(f"   {line}")
        # Allowed: a 1/N share of the run's replication data as one silo holds it, plus one idle serve silo's own peak.
        # The one silo is a serve silo running the same run when the script measured one (silo-one.txt); otherwise the
        # benchmark's embedded silo (its peak at 1M less its peak at 1,000, the process and silo themselves).
        om = re.search(r"silos=1 replications=\d+ max_peak_kib=(\d+) max_idle_kib=(\d+)", read("silo-one.txt"))
        if om:
            data = (int(om.group(1)) - int(om.group(2))) * 1024
            reference = f"one serve silo's {int(om.group(1)) * 1024 / reps:,.0f} B per replication less its idle peak"
        else:
            data = (one - peaks[("orleans", 1000)]) * 1024
            reference = "the embedded silo's replication data"
        target = (data / n + int(sm.group(4)) * 1024) / reps
        note = (f"largest silo's VmHWM / {reps:,}; target: 1/{n} of {reference}, plus an idle silo's peak; "
                f"{sm.group(6)} shards; {'stopped after' if sm.group(7) else 'run took'} {sm.group(5)} s")
        if sm.group(7):
            note += f" ({sm.group(7)}), so at least this"
        if one_stopped:
            note += "; the one-silo figure behind the target is itself a lower bound"
        value_goal(f"PEAK_BYTES_PER_REPLICATION_R1M_{n}SILOS_MAX_SILO", int(sm.group(3)) * 1024 / reps, target, False, note,
                   lower_bound=bool(sm.group(7)))
    elif silos_text:
        lines.append(f"PEAK_BYTES_PER_REPLICATION_R1M_3SILOS_MAX_SILO: value=NA target=NA FAIL ({silos_text.strip().splitlines()[-1]})")

    # The smaller runs on serve silos (no goal of their own: below the spread threshold the run grain gathers every
    # replication, so the silo holding it carries the run's months), with the 1M runs above for the whole picture.
    silo_runs = {}
    for name, text in [("silo-one.txt", read("silo-one.txt")), ("silos.txt", silos_text)] + [
            (f"silos-{r}-{k}.txt", read(f"silos-{r}-{k}.txt")) for r in (10000, 100000, 500000) for k in (1, 3)]:
        rm = re.search(r"silos=(\d+) replications=(\d+) max_peak_kib=(\d+) max_idle_kib=(\d+)", text)
        if rm:
            per_silo = [(int(i), int(p)) for i, p in re.findall(r"^silo=\d+ pid=\d+ idle_kib=(\d+) peak_kib=(\d+)", text, re.M)]
            silo_runs[(int(rm.group(2)), int(rm.group(1)))] = (per_silo, int(rm.group(4)), "stopped=" in text)
    if silo_runs:
        print("== peak resident set of serve silos (VmHWM, MiB; 12 shards), per run size: one silo, then each of several")
        for (reps, n), (per_silo, idle, stopped_early) in sorted(silo_runs.items()):
            each = ", ".join(f"{p / 1024:,.1f}" for _, p in per_silo)
            print(f"   R={reps:>9,} silos={n}: {each} (idle up to {idle / 1024:,.1f}){' stopped early: at least this' if stopped_early else ''}")

    # Two run sizes above the spread threshold split each configuration's growth over its idle peaks into what grows
    # with the replications (their data: on N silos it should be the one silo's, spread) and what does not (each
    # shard's part in flight, which divides by N with the shards, and each silo's own running cost, which does not).
    def growth_kib(reps, n):
        run = silo_runs.get((reps, n))
        return sum(p - i for i, p in run[0]) if run and len(run[0]) == n and not run[2] else None

    for n in sorted({k for _, k in silo_runs}):
        small, large = growth_kib(500_000, n), growth_kib(1_000_000, n)
        if small is None or large is None:
            print(f"== {n} silo(s): peak not split by run size (the run at 500,000 or at 1,000,000 is missing, incomplete or was stopped)")
            continue
        if large <= small:
            print(f"== {n} silo(s): peak not split by run size (1,000,000 grew {large / 1024:,.0f} MiB, no more than 500,000's {small / 1024:,.0f}: noise)")
            continue
        slope = (large - small) * 1024 / 500_000
        fixed_mib = (large * 1024 - slope * 1_000_000) / n / 2**20
        print(f"== {n} silo(s), peak above the idle peaks split by run size (R = 500,000 and 1,000,000): {slope:,.0f} B per replication in all"
              + (f" ({slope / n:,.0f} a silo)" if n > 1 else "")
              + f", and {fixed_mib:,.0f} MiB {'a silo on average ' if n > 1 else ''}that does not grow with R")

    # Cold start: benchmarks/cold-start.sh's own lines, as it printed them.
    for line in read("cold-start.txt").splitlines():
        if line.startswith("COLD_START_"):
            lines.append(line)

    # Per phase: core-cycles per replication-month, both trees, one thread on core 0.
    def phases(name):
        out = {}
        for line in read(name).splitlines():
            pm = re.match(r"phase=(\S+) ns_per_repmonth=(\S+) cycles_per_repmonth=(\S+) share=(\S+)", line)
            if pm:
                out[pm.group(1)] = float(pm.group(3))
        return out

    pb, pa = phases("phases-before.txt"), phases("phases-after.txt")
    if pb or pa:
        print()
        print(f"== core-cycles per replication-month by phase, in-process month loop on one thread (core 0), R={R:,}, clock {clock / 1e9:.3f} GHz")
        print(f"   {'phase':<18} {'before':>9} {'after':>9} {'before/after':>13}")
        order = list(pb.keys()) + [k for k in pa.keys() if k not in pb]
        for key in order:
            b, a = pb.get(key), pa.get(key)
            ratio = f"{b / a:13.2f}" if b and a else f"{'-':>13}"
            print(f"   {key:<18} {fmt(b):>9} {fmt(a):>9} {ratio}")

loads = read("load.txt").strip()
if loads:
    print()
    print("== load during the run (uptime)")
    for line in loads.splitlines():
        print(f"   {line}")
print()
print("\n".join(lines))
