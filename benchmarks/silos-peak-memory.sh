#!/usr/bin/env bash
# Peak resident memory of each silo of a cluster while it runs one scenario (issue 13, part 3: "in a cluster of N silos
# no silo holds more than about 1/N of a run's replication data").
#
#   benchmarks/silos-peak-memory.sh LIUBEISIM_DLL REPLICATIONS [SILOS]     (SILOS defaults to 3)
#
# Starts a throwaway redis-server and SILOS `liubeisim serve --cluster redis://...` processes, everything on 127.0.0.1
# and on ports the OS just gave out as free (Orleans must be told its silo and gateway ports before it binds them,
# and redis-server cannot bind port 0). Waits until every silo is an active member (/readyz), notes each one's peak
# resident set so far (VmHWM: start-up and idle), submits baseline-2023 with REPLICATIONS replications through the
# first silo's gateway (`liubeisim run --cluster gateway://...`, a durable run placed by the cluster), and when it has
# completed reads every silo's VmHWM again. Prints, one per silo and one in all:
#   silo=I pid=P idle_kib=K peak_kib=K
#   silos=N replications=R max_peak_kib=K max_idle_kib=K run_seconds=S shards=X [stopped=low-memory|cap]
# SILO_SHARDS sets the run's shards (default: the CLI's). Everything it started is stopped on exit (their pids only).
# Needs python3 and redis-server.
set -euo pipefail

dll="$1"
replications="$2"
silos="${3:-3}"
shards="${SILO_SHARDS:-}"
command -v redis-server >/dev/null || { echo "silos-peak-memory.sh: redis-server not found (apt-get install -y redis-server)" >&2; exit 2; }

work="$(mktemp -d "${TMPDIR:-/tmp}/liubeisim-silos.XXXXXX")"
pids=()
cleanup() {
  # The silos first (SIGTERM: they leave the cluster), then redis; whatever has not stopped after 20 s is killed.
  # Only the pids started here.
  for pid in "${pids[@]:1}" "${pids[0]:-}"; do
    [[ -n "$pid" ]] || continue
    kill -TERM "$pid" 2>/dev/null || continue
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT

# Free loopback ports, all held at once while asked so none is given twice, then released for the servers to bind.
free_ports() {
  python3 - "$1" <<'EOF'
import socket, sys
held = []
for _ in range(int(sys.argv[1])):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    held.append(s)
print(" ".join(str(s.getsockname()[1]) for s in held))
EOF
}

vmhwm_kib() { awk '/^VmHWM:/ { print $2 }' "/proc/$1/status"; }

read -r -a ports <<<"$(free_ports $((1 + 2 * silos)))"
redis_port="${ports[0]}"
redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no >"$work/redis.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do
  [[ "$(redis-cli -h 127.0.0.1 -p "$redis_port" ping 2>/dev/null || true)" == "PONG" ]] && break
  sleep 0.1
done

cluster_id="bench-$$-$RANDOM"
silo_pids=()
gateways=()
for ((i = 0; i < silos; i++)); do
  silo_port="${ports[$((1 + 2 * i))]}"
  gateway_port="${ports[$((2 + 2 * i))]}"
  # A budget above any run here: the point is the memory a run takes, not whether admission would let it in.
  dotnet "$dll" serve --cluster "redis://127.0.0.1:$redis_port" --urls "http://127.0.0.1:0" \
    --silo-port "$silo_port" --gateway-port "$gateway_port" \
    "--Orleans:ClusterId=$cluster_id" --Orleans:AdvertisedHost=127.0.0.1 \
    --Admission:MemoryBudget=1TiB --Runs:MaxConcurrent=1 \
    --Logging:LogLevel:Default=Warning >"$work/silo$i.log" 2>&1 &
  pids+=($!)
  silo_pids+=($!)
  gateways+=("$gateway_port")
done

# Each silo prints "LiubeiSim is serving on http://127.0.0.1:PORT" once it listens; then /readyz says it is an active member.
for ((i = 0; i < silos; i++)); do
  url=""
  for _ in $(seq 600); do
    url="$(grep -oE 'serving on http://127\.0\.0\.1:[0-9]+' "$work/silo$i.log" | head -1 | sed 's/serving on //' || true)"
    [[ -n "$url" ]] && break
    kill -0 "${silo_pids[$i]}" 2>/dev/null || { echo "silo $i exited while starting:" >&2; tail -20 "$work/silo$i.log" >&2; exit 1; }
    sleep 0.2
  done
  [[ -n "$url" ]] || { echo "silo $i did not serve within 120 s:" >&2; tail -20 "$work/silo$i.log" >&2; exit 1; }
  for _ in $(seq 600); do
    python3 -c "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('$url/readyz', timeout=5).status == 200 else 1)" 2>/dev/null && break
    sleep 0.2
  done
done

idle=()
for ((i = 0; i < silos; i++)); do idle+=("$(vmhwm_kib "${silo_pids[$i]}")"); done

started=$(date +%s.%N)
dotnet "$dll" run baseline-2023 -r "$replications" ${shards:+--shards "$shards"} --cluster "gateway://127.0.0.1:${gateways[0]}" --cluster-id "$cluster_id" --json \
  >"$work/summary.json" 2>"$work/run.log" &
client=$!
pids+=("$client")

# As the peak-memory command does: stop before the machine runs out of memory (the kernel would kill some process,
# perhaps another user's) or once a silo holds more than the cap: PEAK_MEMORY_RESERVE_MIB (default 4,096) and
# SILO_CAP_MIB (default PEAK_MEMORY_CAP_MIB ÷ SILOS, i.e. 16,384 ÷ 3: a silo past it holds 2.7 times its share of
# issue 13's 6 KB per replication at 1,000,000, and fails anyway). The peaks printed are then lower bounds.
reserve_kib=$(( ${PEAK_MEMORY_RESERVE_MIB:-4096} * 1024 ))
cap_kib=$(( ${SILO_CAP_MIB:-$(( ${PEAK_MEMORY_CAP_MIB:-16384} / silos ))} * 1024 ))
stopped=""
while kill -0 "$client" 2>/dev/null; do
  available=$(awk '/^MemAvailable:/ { print $2 }' /proc/meminfo)
  if ((available < reserve_kib)); then stopped="low-memory"; fi
  for pid in "${silo_pids[@]}"; do
    rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status" 2>/dev/null || echo 0)
    if ((rss > cap_kib)); then stopped="cap"; fi
  done
  [[ -n "$stopped" ]] && break
  sleep 0.25
done
run_seconds=$(python3 -c "print(f'{$(date +%s.%N) - $started:.1f}')")

max_peak=0
max_idle=0
for ((i = 0; i < silos; i++)); do
  peak="$(vmhwm_kib "${silo_pids[$i]}" || echo 0)"
  echo "silo=$i pid=${silo_pids[$i]} idle_kib=${idle[$i]} peak_kib=$peak"
  ((peak > max_peak)) && max_peak=$peak
  ((idle[i] > max_idle)) && max_idle=${idle[$i]}
done
if [[ -n "$stopped" ]]; then
  kill -KILL "${silo_pids[@]}" "$client" 2>/dev/null || true
  wait "${silo_pids[@]}" "$client" 2>/dev/null || true
  echo "silos=$silos replications=$replications max_peak_kib=$max_peak max_idle_kib=$max_idle run_seconds=$run_seconds shards=${shards:-default} stopped=$stopped"
  exit 0
fi
if ! wait "$client"; then
  echo "the run on $silos silos failed:" >&2
  tail -20 "$work/run.log" >&2
  exit 1
fi
echo "silos=$silos replications=$replications max_peak_kib=$max_peak max_idle_kib=$max_idle run_seconds=$run_seconds shards=${shards:-default}"
