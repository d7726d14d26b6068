#!/usr/bin/env bash
# Runs the BenchmarkDotNet suite and the peak-memory runs, then prints one line per goal:
#   NAME: ratio=X target=Y PASS|FAIL        (NAME: value=X target=Y PASS|FAIL where the figure is not a ratio)
# Every figure comes from measurements made in this one invocation (BenchmarkDotNet's JSON export; medians unless
# RATIO_STATISTIC says Mean or Min), so a baseline and its contender always share the machine's state.
#
#   benchmarks/run.sh            full jobs (BenchmarkDotNet's default accuracy; tens of minutes on 2 cores)
#   benchmarks/run.sh --quick    short jobs (about 17 minutes on 2 cores, most of it issue 13's part)
#   extra arguments go to BenchmarkDotNet, e.g. --filter '*Quantile*'
#
# Issue 13 (throughput, memory, cold start) adds, unless ISSUE13=0:
#   - the commit before that work (BEFORE_COMMIT, default 227e738) extracted with `git archive` into a temporary
#     directory (removed on exit) and built there beside this tree: its CLI, and the per-phase tool;
#   - whole runs at R = 100,000 in BenchmarkDotNet jobs pinned to one core and to two (taskset + Job.WithAffinity);
#   - alternating CLI runs of both trees (`liubeisim run baseline-2023 -r 100000 --json`, timings.simulationSeconds);
#   - the process CPU time of both engines, alternating in one process (time-runs);
#   - the per-phase table of both trees (benchmarks/LiubeiSim.Phases), in core-cycles at the measured clock;
#   - peak memory at 10k, 100k and 1M replications on one silo, and on one and three serve silos (SILOS=0 skips those);
#   - benchmarks/cold-start.sh, if present.
# benchmarks/README.md, "Issue 13", says what each line measures.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
project="$here/LiubeiSim.Benchmarks"
artifacts="$here/BenchmarkDotNet.Artifacts"
BEFORE_COMMIT="${BEFORE_COMMIT:-227e738}"
issue13="${ISSUE13:-1}"
silos="${SILOS:-3}"
R=100000

mode=()
quick=""
pass=()
for arg in "$@"; do
  if [[ "$arg" == "--quick" ]]; then mode=(--quick); quick=1; else pass+=("$arg"); fi
done
if [[ ${#pass[@]} -eq 0 ]]; then pass=(--filter '*'); fi
rounds=$([[ -n "$quick" ]] && echo 3 || echo 5)

command -v python3 >/dev/null || { echo "run.sh needs python3 to read BenchmarkDotNet's JSON export" >&2; exit 2; }
command -v taskset >/dev/null || { echo "run.sh needs taskset (util-linux) to pin runs to one core" >&2; exit 2; }
# The silo runs come near the end: say now, not twenty minutes in, that they cannot start.
if [[ "$issue13" == "1" && "$silos" -gt 0 ]] && ! command -v redis-server >/dev/null; then
  echo "run.sh: the silo runs need redis-server (apt-get install -y redis-server), or SILOS=0 to skip them" >&2
  exit 2
fi

started_at=$(date +%s)
echo "== load before: $(uptime)"
rm -rf "$artifacts"
mkdir -p "$artifacts"
loads="$artifacts/load.txt"
note_load() { echo "$1: $(uptime)" | tee -a "$loads" | sed 's/^/== load at /'; }
: >"$loads"
note_load "start"

before=""
cleanup() {
  if [[ -n "$before" && -d "$before" ]]; then rm -rf "$before"; fi
}
trap cleanup EXIT

dotnet build "$project" -c Release -nologo -v quiet >/dev/null
exe="$project/bin/Release/net10.0/LiubeiSim.Benchmarks.dll"
after_cli="$root/src/LiubeiSim.Cli/bin/Release/net10.0/liubeisim.dll"
phases_dll="bin/Release/net10.0/LiubeiSim.Phases.dll"
if [[ "$issue13" == "1" ]]; then
  echo "== building this tree's CLI and per-phase tool, and $BEFORE_COMMIT's beside it"
  dotnet build "$root/src/LiubeiSim.Cli" -c Release -nologo -v quiet >/dev/null
  dotnet build "$here/LiubeiSim.Phases" -c Release -nologo -v quiet >/dev/null
  before="$(mktemp -d "${TMPDIR:-/tmp}/liubeisim-before.XXXXXX")"
  git -C "$root" archive "$BEFORE_COMMIT" | tar -x -C "$before"
  # The same per-phase source, built against the old tree's model (it uses only API that existed there), and the same
  # whole-run benchmarks and job: this tree's benchmark project file, entry point, job and WholeRunBenchmarks over the
  # old tree's other benchmark sources, so "before" is measured warm by the very harness that measures "after".
  mkdir -p "$before/benchmarks/LiubeiSim.Phases"
  cp "$here/LiubeiSim.Phases/"*.cs "$here/LiubeiSim.Phases/"*.csproj "$before/benchmarks/LiubeiSim.Phases/"
  for f in LiubeiSim.Benchmarks.csproj Program.cs SuiteConfig.cs WholeRunBenchmarks.cs; do
    cp "$project/$f" "$before/benchmarks/LiubeiSim.Benchmarks/$f"
  done
  dotnet build "$before/src/LiubeiSim.Cli" -c Release -nologo -v quiet >/dev/null
  dotnet build "$before/benchmarks/LiubeiSim.Phases" -c Release -nologo -v quiet >/dev/null
  dotnet build "$before/benchmarks/LiubeiSim.Benchmarks" -c Release -nologo -v quiet >/dev/null
  before_cli="$before/src/LiubeiSim.Cli/bin/Release/net10.0/liubeisim.dll"
  before_exe="$before/benchmarks/LiubeiSim.Benchmarks/bin/Release/net10.0/LiubeiSim.Benchmarks.dll"
  echo "== builds done after $(( $(date +%s) - started_at )) s"

  # The core clock, measured on core 0 (CycleClock: a chain of dependent adds, one per cycle).
  taskset -c 0 dotnet "$exe" clock | tee "$artifacts/clock.txt"
fi

dotnet "$exe" "${mode[@]}" "${pass[@]}" --artifacts "$artifacts" | tee "$artifacts/console.log" \
  | grep -E '^\| |^// \* Summary|^Run time|^BenchmarkDotNet|^AMD|^Intel|^\.NET SDK' || true
note_load "after the suite"

if [[ "$issue13" == "1" ]]; then
  # Whole runs at R = 100,000 on one core and on two: the process is started pinned, so the runtime's processor
  # count (which sizes the engines' threads and shards) is the job's. After this tree's, the old tree's run of the
  # same job, for the engine whose figure the targets are made from: in-process on one core, Orleans on two (the
  # faster engine before, on two cores).
  for cores in 1 2; do
    cpus=$(seq -s, 0 $((cores - 1)))
    echo "== whole runs at R=$R pinned to cores $cpus"
    mkdir -p "$artifacts/core$cores" "$artifacts/before-core$cores"
    taskset -c "$cpus" dotnet "$exe" "${mode[@]}" --cores "$cores" "${pass[@]}" --artifacts "$artifacts/core$cores" \
      | tee "$artifacts/core$cores/console.log" | grep -E '^\| |^// \* Summary|^Run time' || true
    if [[ "$cores" == 1 ]]; then engine=InProcess; else engine=Orleans; fi
    echo "== $BEFORE_COMMIT: $engine at R=$R pinned to cores $cpus"
    taskset -c "$cpus" dotnet "$before_exe" "${mode[@]}" --cores "$cores" --filter "*WholeRunBenchmarks.$engine" --artifacts "$artifacts/before-core$cores" \
      | tee "$artifacts/before-core$cores/console.log" | grep -E '^\| |^Run time' || true
    note_load "after the $cores-core whole runs"
  done

  # Process CPU time of each engine, alternating in one warm process with every core (and its silo started once).
  echo "== CPU time of whole runs at R=$R, both engines alternating, every core"
  # Eleven rounds in either mode: the ratio is the median of each round's, and single rounds range over 0.2 either side
  # of it on this machine. Warm-up rounds (up to ten) go on until, two rounds running, neither engine's run spends more
  # than 3 % of its processor time in the JIT: Orleans has thousands more methods to tier up, over its first runs.
  dotnet "$exe" time-runs "$R" 11 0 0 10 | tee "$artifacts/time-runs.txt"
  note_load "after time-runs"

  # The two trees' CLIs, alternating, from `run --json`'s timings. goals.py takes for the in-process engine
  # startupSeconds + simulationSeconds (its "startup" is the parameters and every block's set-up, part of the run's
  # work), and for Orleans simulationSeconds (its startup is the embedded silo's start, which a warm run does not pay).
  echo "== side by side with $BEFORE_COMMIT: liubeisim run baseline-2023 -r $R, $rounds rounds"
  side="$artifacts/side-by-side.txt"
  : >"$side"
  side_run() { # TREE DLL ENGINE CORES ROUND
    local out pin=()
    [[ "$4" == "1" ]] && pin=(taskset -c 0)
    out="$(cd "$artifacts" && "${pin[@]}" dotnet "$2" run baseline-2023 -r "$R" --engine "$3" --json 2>>"$artifacts/side-by-side.log")"
    python3 -c 'import json, sys; a = sys.argv; t = json.loads(sys.stdin.read())["timings"]
print("side tree=%s engine=%s cores=%s round=%s simulation_seconds=%r startup_seconds=%r" % (a[1], a[2], a[3], a[4], t["simulationSeconds"], t["startupSeconds"]))' \
      "$1" "$3" "$4" "$5" <<<"$out" | tee -a "$side"
  }
  for ((round = 1; round <= rounds; round++)); do
    # Alternate which tree goes first, so neither always runs on a machine the other just warmed or heated.
    if ((round % 2)); then order=(before after); else order=(after before); fi
    for tree in "${order[@]}"; do
      if [[ "$tree" == before ]]; then dll="$before_cli"; else dll="$after_cli"; fi
      side_run "$tree" "$dll" inprocess 1 "$round"
    done
    for tree in "${order[@]}"; do
      if [[ "$tree" == before ]]; then
        side_run before "$before_cli" orleans 2 "$round"
      else
        side_run after "$after_cli" inprocess 2 "$round"
        side_run after "$after_cli" orleans 2 "$round"
      fi
    done
  done
  note_load "after the side-by-side runs"

  # Per-phase cycles, both trees, one thread on core 0, at the clock measured above.
  clock_hz="$(sed -n 's/.*clock_hz=\([0-9]*\).*/\1/p' "$artifacts/clock.txt")"
  phase_repeat=$([[ -n "$quick" ]] && echo 2 || echo 5)
  echo "== per phase, one thread on core 0: $BEFORE_COMMIT, then this tree"
  (cd "$before/benchmarks/LiubeiSim.Phases" && taskset -c 0 dotnet "$phases_dll" "$R" --warmup 1 --repeat "$phase_repeat" --clock-hz "$clock_hz" --label before) \
    | tee "$artifacts/phases-before.txt" | grep '^#' || true
  (cd "$here/LiubeiSim.Phases" && taskset -c 0 dotnet "$phases_dll" "$R" --warmup 1 --repeat "$phase_repeat" --clock-hz "$clock_hz" --label after) \
    | tee "$artifacts/phases-after.txt" | grep '^#' || true
  note_load "after the phases"
fi

# Peak resident memory of whole runs, each in a fresh process (BenchmarkDotNet's host keeps every earlier
# benchmark's heap, so its working set says nothing about one run). A run that would leave the machine under
# PEAK_MEMORY_RESERVE_MIB (4,096) available, or hold over PEAK_MEMORY_CAP_MIB (16,384), is stopped and says so.
peaks="$artifacts/peak-memory.txt"
: >"$peaks"
cases=("orleans 1000" "orleans 10000" "inprocess 1000" "inprocess 10000")
if [[ "$issue13" == "1" ]]; then
  cases+=("orleans 100000" "orleans 1000000")
  [[ -z "$quick" ]] && cases+=("inprocess 1000000")
fi
for c in "${cases[@]}"; do
  # shellcheck disable=SC2086
  dotnet "$exe" peak-memory $c | tee -a "$peaks" || true
done
note_load "after the peak-memory runs"

if [[ "$issue13" == "1" && "$silos" -gt 0 ]]; then
  # 1,000,000 replications on one and then on three `liubeisim serve` silos on loopback, 12 shards (the same split
  # both times): the one-silo run is the reference a silo's 1/N share is taken of, in the same kind of process (a
  # serve host carries more than the benchmark's embedded silo). Runs above 131,072 replications leave their values
  # with the shards, and shards are dealt round the silos in turn, four each here.
  echo "== peak memory of one silo, then of each of $silos silos, running 1,000,000 replications"
  SILO_SHARDS="${SILO_SHARDS:-12}" "$here/silos-peak-memory.sh" "$after_cli" 1000000 1 | tee "$artifacts/silo-one.txt" \
    || echo "silos-peak-memory.sh failed" | tee -a "$artifacts/silo-one.txt"
  SILO_SHARDS="${SILO_SHARDS:-12}" "$here/silos-peak-memory.sh" "$after_cli" 1000000 "$silos" | tee "$artifacts/silos.txt" \
    || echo "silos-peak-memory.sh failed" | tee -a "$artifacts/silos.txt"
  note_load "after the $silos-silo run"

  # The smaller runs the issue also asks peak memory for, on one and on SILOS serve silos with the same 12 shards.
  # 10,000 and 100,000 stay under the spread threshold (131,072), so their run grain gathers every replication's
  # values: the silo that holds it carries the run's months as well as its own shards. 500,000 is spread like
  # 1,000,000: the two sizes split each configuration's peak into what grows with the replications and what does not.
  echo "== peak memory of one silo, then of each of $silos silos, running 10,000, 100,000 and 500,000 replications"
  for r in 10000 100000 500000; do
    for n in 1 "$silos"; do
      SILO_SHARDS="${SILO_SHARDS:-12}" "$here/silos-peak-memory.sh" "$after_cli" "$r" "$n" | tee "$artifacts/silos-$r-$n.txt" \
        || echo "silos-peak-memory.sh failed" | tee -a "$artifacts/silos-$r-$n.txt"
    done
  done
  note_load "after the smaller silo runs"
fi

cold="$artifacts/cold-start.txt"
: >"$cold"
if [[ "$issue13" == "1" ]]; then
  if [[ -x "$here/cold-start.sh" ]]; then
    echo "== cold start (benchmarks/cold-start.sh)"
    "$here/cold-start.sh" ${quick:+--quick} | tee "$cold" || true
  else
    echo "COLD_START_ORLEANS_OVER_INPROCESS: ratio=NA target=1.5 FAIL (benchmarks/cold-start.sh missing)" >"$cold"
  fi
  note_load "at the end"
fi
echo "== load after: $(uptime)"
echo "== run.sh took $(( $(date +%s) - started_at )) s"

python3 "$here/goals.py" "$artifacts" "${RATIO_STATISTIC:-Median}" "$BEFORE_COMMIT"
