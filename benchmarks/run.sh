#!/usr/bin/env bash
# Runs the BenchmarkDotNet suite and the peak-memory runs, then prints one line per goal:
#   NAME: ratio=X target=Y PASS|FAIL
# Every ratio comes from figures measured in this one invocation (BenchmarkDotNet's JSON export; medians unless
# RATIO_STATISTIC says Mean or Min), so a baseline and its contender always share the machine's state.
#
#   benchmarks/run.sh            full jobs (BenchmarkDotNet's default accuracy; tens of minutes on 2 cores)
#   benchmarks/run.sh --quick    short jobs (a few minutes on 2 cores)
#   extra arguments go to BenchmarkDotNet, e.g. --filter '*Quantile*'
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
project="$here/LiubeiSim.Benchmarks"
artifacts="$here/BenchmarkDotNet.Artifacts"

mode=()
pass=()
for arg in "$@"; do
  if [[ "$arg" == "--quick" ]]; then mode=(--quick); else pass+=("$arg"); fi
done
if [[ ${#pass[@]} -eq 0 ]]; then pass=(--filter '*'); fi

command -v python3 >/dev/null || { echo "run.sh needs python3 to read BenchmarkDotNet's JSON export" >&2; exit 2; }

echo "== load before: $(uptime)"
dotnet build "$project" -c Release -nologo -v quiet >/dev/null
exe="$project/bin/Release/net10.0/LiubeiSim.Benchmarks.dll"

rm -rf "$artifacts"
mkdir -p "$artifacts"
dotnet "$exe" "${mode[@]}" "${pass[@]}" --artifacts "$artifacts" | tee "$artifacts/console.log" \
  | grep -E '^\| |^// \* Summary|^Run time|^BenchmarkDotNet|^AMD|^Intel|^\.NET SDK' || true

# Peak resident memory of whole runs, each in a fresh process (BenchmarkDotNet's host keeps every earlier
# benchmark's heap, so its working set says nothing about one run).
peaks="$artifacts/peak-memory.txt"
: >"$peaks"
for engine in orleans inprocess; do
  for r in 1000 10000; do
    dotnet "$exe" peak-memory "$engine" "$r" | tee -a "$peaks"
  done
done
echo "== load after: $(uptime)"

python3 - "$artifacts/results" "$peaks" "${RATIO_STATISTIC:-Median}" <<'EOF'
import glob, json, os, re, sys

results_dir, peaks_file, statistic = sys.argv[1], sys.argv[2], sys.argv[3]
median = {}          # (class, method, params) -> the chosen statistic, ns
allocated = {}       # (class, method, params) -> bytes per operation
rows = []            # for the markdown table
for path in glob.glob(os.path.join(results_dir, "*-report-full.json")):
    with open(path) as f:
        report = json.load(f)
    for b in report.get("Benchmarks", []):
        stats = b.get("Statistics") or {}
        if statistic not in stats:
            continue
        key = (b["Type"], b["Method"], b.get("Parameters", ""))
        median[key] = stats[statistic]
        memory = b.get("Memory") or {}
        if "BytesAllocatedPerOperation" in memory:
            allocated[key] = memory["BytesAllocatedPerOperation"]
        rows.append((b["Type"], b.get("Parameters", ""), b["Method"], stats["Median"], stats["Mean"], stats["Min"],
                     memory.get("BytesAllocatedPerOperation")))

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

with open(os.path.join(results_dir, "..", "results.md"), "w") as table:
    table.write("| benchmark | parameters | method | median | mean | min | allocated/op |\n|---|---|---|---:|---:|---:|---:|\n")
    for t, params, method, med, mean, mn, alloc in sorted(rows):
        table.write(f"| {t} | {params} | {method} | {duration(med)} | {duration(mean)} | {duration(mn)} | {size(alloc)} |\n")

peaks = {}
with open(peaks_file) as f:
    for line in f:
        m = re.search(r"engine=(\S+) replications=(\d+) peak_kib=(\d+)", line)
        if m:
            peaks[(m.group(1), int(m.group(2)))] = int(m.group(3))

lines = []
def goal(name, numerator, denominator, target, at_least):
    if numerator is None or denominator is None or denominator == 0:
        lines.append(f"{name}: ratio=NA target={target} FAIL")
        return
    ratio = numerator / denominator
    ok = ratio >= target if at_least else ratio <= target
    lines.append(f"{name}: ratio={ratio:.2f} target={target} {'PASS' if ok else 'FAIL'}")

def m(cls, method, params):
    return median.get((cls, method, params))

print()
print(f"== ratios from BenchmarkDotNet's {statistic} of each benchmark (RATIO_STATISTIC=Median|Mean|Min)")
print("== allocated bytes per replication-month (MemoryDiagnoser, whole runs of 12 months)")
for r in (1000, 10000):
    for engine in ("InProcess", "Orleans"):
        a = allocated.get(("WholeRunBenchmarks", engine, f"R={r}"))
        if a is not None:
            print(f"   {engine:9} R={r:>6}: {a / (r * 12):8.1f} B")
print("== peak resident set of one whole run (fresh process)")
for (engine, r), kib in sorted(peaks.items()):
    print(f"   {engine:9} R={r:>6}: {kib / 1024:8.1f} MiB")
print()

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
    per = [t / ((n + 34) * 12) for t, n in entity]
    goal("ENTITY_COST_GROWTH_100_TO_10K", per[1], per[0], 1.5, False)
else:
    lines.append("ENTITY_COST_GROWTH_100_TO_10K: ratio=NA target=1.5 FAIL")
print("\n".join(lines))
EOF
