#!/usr/bin/env python3
"""Measures what one run costs a real host: its peak resident memory and /healthz latency while runs execute.

Starts the host (LiubeiSim.Host.dll, Release: server GC, as the container runs it) in a fresh process per case, waits
until it is ready, resets the kernel's high-water mark of resident memory (/proc/PID/clear_refs), submits the case's
runs, samples /proc/PID/status and polls /healthz every 50 ms until they end, and prints one line per case:

  case=... replications=R months=M firms=F shards=S runs=N base_mib=B peak_mib=P delta_mib=D bytes_per_rep=... gc_committed_mib ...
  probe_listener_healthz_ms / api_healthz_ms p50=... p99=... max=... n=... (and GC pauses, thread-pool queue)

Usage: benchmarks/admission/measure.py [--gc server|workstation] [--limit BYTES] [--settings K=V ...] CASE...
CASE is R:M:F[:S[:N]] (replications, months, synthetic firms, shards (0 = the host's choice), runs at once).
Build first: dotnet build src/LiubeiSim.Host -c Release.
"""
import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HOST = os.path.join(ROOT, "src/LiubeiSim.Host/bin/Release/net10.0/LiubeiSim.Host.dll")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def status_kib(pid, key):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    return 0


def http(method, url, body=None, timeout=30):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def metric(base, name):
    try:
        for line in http("GET", base + "/metrics", timeout=10)[1].splitlines():
            if line.startswith(name + "{") or line.startswith(name + " "):
                return float(line.rsplit(" ", 1)[1])
    except OSError:
        pass
    return 0.0


def measure(case, gc, limit, settings, extra_env):
    parts = [int(x) for x in case.split(":")]
    r, m, f = parts[0], parts[1], parts[2]
    shards = parts[3] if len(parts) > 3 else 0
    runs = parts[4] if len(parts) > 4 else 1
    port = free_port()
    data = tempfile.mkdtemp(prefix="liubeisim-measure-")
    env = dict(os.environ, DOTNET_gcServer="1" if gc == "server" else "0")
    if limit:
        env["DOTNET_GCHeapHardLimit"] = hex(limit)
    env.update(extra_env)
    args = ["dotnet", HOST, "--urls", f"http://127.0.0.1:{port}", f"--Orleans:Data={data}",
            f"--Orleans:SiloPort={free_port()}", f"--Orleans:GatewayPort={free_port()}",
            f"--Orleans:ClusterId=measure-{port}", "--Logging:LogLevel:Default=Warning",
            f"--Runs:MaxConcurrent={max(2, runs)}"] + [f"--{s}" for s in settings]
    probe_port = free_port()
    args.append(f"--Probes:Url=http://127.0.0.1:{probe_port}")
    log = open(os.path.join(data, "host.log"), "w")
    process = subprocess.Popen(args, env=env, stdout=log, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 120
        while True:
            try:
                if http("GET", base + "/readyz", timeout=2)[0] == 200:
                    break
            except OSError:
                pass
            if time.time() > deadline or process.poll() is not None:
                raise RuntimeError(f"host did not get ready: {open(log.name).read()[-2000:]}")
            time.sleep(0.2)
        # A warm-up run JITs the run path, so the case measures the run's memory, not the code's.
        status, text = http("POST", base + "/api/runs", {"scenario": "baseline-2023", "replications": 100})
        wid = json.loads(text)["id"]
        while json.loads(http("GET", f"{base}/api/runs/{wid}")[1])["status"] in ("queued", "running"):
            time.sleep(0.1)
        time.sleep(1)
        base_kib = status_kib(process.pid, "VmRSS")
        with open(f"/proc/{process.pid}/clear_refs", "w") as clear:
            clear.write("5")

        latencies = []
        probe_latencies = []
        stop = threading.Event()
        pause_before = metric(base, "dotnet_gc_pause_time_seconds_total")
        pool = {"queue": 0.0, "threads": 0.0, "committed": 0.0}
        committed_before = metric(base, "dotnet_gc_last_collection_memory_committed_size_bytes")

        def sample_pool():
            while not stop.is_set():
                pool["queue"] = max(pool["queue"], metric(base, "dotnet_thread_pool_queue_length_total"))
                pool["threads"] = max(pool["threads"], metric(base, "dotnet_thread_pool_thread_count_total"))
                pool["committed"] = max(pool["committed"], metric(base, "dotnet_gc_last_collection_memory_committed_size_bytes"))
                time.sleep(0.5)

        sampler = threading.Thread(target=sample_pool, daemon=True)
        sampler.start()

        def probe(url, into):
            while not stop.is_set():
                started = time.perf_counter()
                try:
                    status, _ = http("GET", url, timeout=10)
                    into.append((time.perf_counter() - started) * 1000 if status == 200 else 10_000.0)
                except OSError:
                    into.append(10_000.0)
                time.sleep(0.05)

        prober = threading.Thread(target=probe, args=(base + "/healthz", latencies), daemon=True)
        prober.start()
        probe_thread = threading.Thread(target=probe, args=(f"http://127.0.0.1:{probe_port}/healthz", probe_latencies), daemon=True)
        probe_thread.start()
        scenario = {"name": "measure", "base": 2022, "horizon": {"start": "2023-01", "months": m}, "synthetic_firms": f}
        ids = []
        started = time.time()
        for _ in range(runs):
            body = {"scenario": scenario, "replications": r}
            if shards:
                body["shards"] = shards
            status, text = http("POST", base + "/api/runs", body)
            if status != 202:
                raise RuntimeError(f"POST answered {status}: {text}")
            ids.append(json.loads(text)["id"])
        outcome = []
        recomputed = -1
        while True:
            if process.poll() is not None:
                outcome = ["host died"]
                break
            states = [json.loads(http("GET", f"{base}/api/runs/{i}", timeout=120)[1]) for i in ids]
            if all(s["status"] not in ("queued", "running") for s in states):
                outcome = [s["status"] for s in states]
                recomputed = sum(s.get("shardsRecomputed", 0) + s.get("restarts", 0) for s in states)
                break
            time.sleep(0.2)
        seconds = time.time() - started
        stop.set()
        prober.join()
        probe_thread.join()
        sampler.join()
        pause = metric(base, "dotnet_gc_pause_time_seconds_total") - pause_before if process.poll() is None else float("nan")
        peak_kib = status_kib(process.pid, "VmHWM") if process.poll() is None else 0
        delta = (peak_kib - base_kib) * 1024
        per_rep = delta / (r * runs)
        print(f"case={case} gc={gc} replications={r} months={m} firms={f} shards={shards or 'default'} runs={runs} "
              f"outcome={','.join(outcome)} recomputed={recomputed} seconds={seconds:.1f} base_mib={base_kib / 1024:.0f} peak_mib={peak_kib / 1024:.0f} "
              f"delta_mib={delta / 2**20:.0f} bytes_per_rep={per_rep:.0f} "
              f"gc_committed_mib before={committed_before / 2**20:.0f} max={pool['committed'] / 2**20:.0f} "
              f"shard_losses_logged={open(log.name).read().count('lost at month')}")
        if probe_latencies:
            print(f"  probe_listener_healthz_ms p50={percentile(probe_latencies, 50):.1f} p99={percentile(probe_latencies, 99):.1f} "
                  f"max={max(probe_latencies):.1f} n={len(probe_latencies)}")
        if latencies:
            print(f"  api_healthz_ms p50={percentile(latencies, 50):.1f} p99={percentile(latencies, 99):.1f} "
                  f"max={max(latencies):.1f} n={len(latencies)}  gc_pause_s={pause:.2f} pool_queue_max={pool['queue']:.0f} pool_threads_max={pool['threads']:.0f}")
        sys.stdout.flush()
    finally:
        process.kill()
        process.wait()
        log.close()
        shutil.rmtree(data, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--gc", choices=["server", "workstation"], default="server")
    parser.add_argument("--limit", type=int, default=0, help="DOTNET_GCHeapHardLimit in bytes")
    parser.add_argument("--settings", nargs="*", default=[], help="host settings, e.g. Admission:MemoryBudget=1GiB")
    parser.add_argument("--env", nargs="*", default=[], help="environment of the host, e.g. DOTNET_gcConcurrent=0")
    parser.add_argument("cases", nargs="+")
    options = parser.parse_args()
    print(f"== load: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}  {time.strftime('%Y-%m-%d %H:%M:%S')}")
    for case in options.cases:
        measure(case, options.gc, options.limit, options.settings, dict(e.split("=", 1) for e in options.env))
    print(f"== load: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}  {time.strftime('%Y-%m-%d %H:%M:%S')}")


if __name__ == "__main__":
    main()
