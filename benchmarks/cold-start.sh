#!/usr/bin/env bash
# Cold start of `liubeisim run baseline-2023` (1,000 replications) as users start the installed tool: a new process
# each time, timed from exec to exit (wall clock). Ends with:
#   COLD_START_ORLEANS_SECONDS: median=X target=1.0 PASS|FAIL
#   COLD_START_ORLEANS_OVER_INPROCESS: ratio=X target=1.5 PASS|FAIL
#
#   benchmarks/cold-start.sh            7 timed runs of each engine
#   benchmarks/cold-start.sh --quick    5 timed runs of each engine
#   benchmarks/cold-start.sh --runs N   N timed runs of each engine
#
# The CLI is published to a temporary directory as its tool package is built (`dotnet pack` publishes the same way:
# Release, ReadyToRun for this machine's runtime identifier, framework-dependent) and started through its apphost,
# the executable the installed tool runs. The two engines run alternately, so both see the same machine state; one
# untimed run of each first fills the page cache (and checks that both print the same numbers), so the figures
# measure the process, not the disk. The ratio is of the two medians. The load is printed before and after: on a
# busy machine both figures grow.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"

runs=7
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) runs=5 ;;
    --runs) runs="${2:?--runs needs a number}"; shift ;;
    *) echo "cold-start.sh: unknown argument $1 (--quick, --runs N)" >&2; exit 2 ;;
  esac
  shift
done
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || { echo "cold-start.sh: --runs takes a positive whole number, not $runs" >&2; exit 2; }
command -v python3 >/dev/null || { echo "cold-start.sh needs python3 to time the runs" >&2; exit 2; }

work="$(mktemp -d "${TMPDIR:-/tmp}/liubeisim-cold.XXXXXX")"
trap 'rm -rf "$work"' EXIT

echo "== load before: $(uptime)"
dotnet publish "$root/src/LiubeiSim.Cli" -c Release -o "$work/tool" -nologo -v quiet >/dev/null
tool="$work/tool/liubeisim"
[[ -x "$tool" ]] || { echo "cold-start.sh: the publish made no apphost at $tool" >&2; exit 1; }

python3 - "$tool" "$runs" "$work/goals" <<'PY'
import hashlib, statistics, subprocess, sys, time

tool, runs, goals = sys.argv[1], int(sys.argv[2]), sys.argv[3]
times = {"orleans": [], "inprocess": []}

def run(engine):
    command = [tool, "run", "baseline-2023", "--format", "csv", "--engine", engine]
    start = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"cold-start.sh: {' '.join(command)} exited {done.returncode}: "
                 + done.stderr.decode(errors="replace")[-500:])
    return seconds, hashlib.sha256(done.stdout).hexdigest()

outputs = {engine: run(engine)[1] for engine in times}
if outputs["orleans"] != outputs["inprocess"]:
    sys.exit("cold-start.sh: the Orleans and in-process runs printed different numbers")

for _ in range(runs):
    for engine in times:
        times[engine].append(run(engine)[0])

for engine, seconds in times.items():
    print(f"{engine:9s} median {statistics.median(seconds):.3f} s  min {min(seconds):.3f}  max {max(seconds):.3f}"
          f"  ({' '.join(f'{s:.3f}' for s in seconds)})")

orleans = statistics.median(times["orleans"])
ratio = orleans / statistics.median(times["inprocess"])
with open(goals, "w") as f:
    f.write(f"COLD_START_ORLEANS_SECONDS: median={orleans:.3f} target=1.0 {'PASS' if orleans <= 1.0 else 'FAIL'}\n")
    f.write(f"COLD_START_ORLEANS_OVER_INPROCESS: ratio={ratio:.2f} target=1.5 {'PASS' if ratio <= 1.5 else 'FAIL'}\n")
PY
echo "== load after: $(uptime)"
cat "$work/goals"
