#!/usr/bin/env python3
"""Sweep one lever through the LiubeiSim HTTP API and print a table.

Submits one run per value to a running host (`liubeisim serve`),

    POST /api/runs {"scenario": SCENARIO, "set": ["levers.LEVER=VALUE"], "replications": R, "seed": S}

polls GET /api/runs/{id} until each has completed, reads GET /api/runs/{id}/summary.json, and prints the
indicator's P10, P50 and P90 at the end of the horizon and the probability of each of the scenario's targets
on it: the same table, with the same numbers, as sweep_cli.py. Standard library only.

    liubeisim serve &
    python3 examples/python/sweep_http.py --url http://127.0.0.1:5180 --values 0,10,20,30
"""

import argparse
import json
import sys
import time
import urllib.error
import urllib.request


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default="http://127.0.0.1:5180", help="the host (default: http://127.0.0.1:5180)")
    parser.add_argument("--scenario", default="baseline-2023", help="built-in name (default: baseline-2023)")
    parser.add_argument("--lever", default="sgmw_demand_growth", help="lever to sweep (default: sgmw_demand_growth)")
    parser.add_argument("--values", default="0,10,20,30", help="comma-separated lever values (default: 0,10,20,30)")
    parser.add_argument("--indicator", default="industrial_output", help="district indicator to tabulate")
    parser.add_argument("-r", "--replications", type=int, default=200)
    parser.add_argument("-s", "--seed", type=int, default=None, help="default: the scenario's own")
    parser.add_argument("--json", metavar="FILE", help="also write the rows as JSON to FILE")
    parser.add_argument("--timeout", type=float, default=600, help="seconds the whole sweep may take (default: 600)")
    return parser.parse_args()


def call(url, body=None):
    """GET (or POST a JSON body) and return the decoded JSON; a problem document ends the script with its problems."""
    data = None if body is None else json.dumps(body).encode("utf-8")
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"} if data else {})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.load(response)
    except urllib.error.HTTPError as error:
        problem = json.load(error)
        lines = [f"  {p['path']}: {p['message']}; {p['allowed']}" for p in problem.get("problems", [])]
        sys.exit("\n".join([f"{error.code} from {url}: {problem.get('title')} {problem.get('detail', '')}"] + lines))


def submit(arguments, value):
    body = {"scenario": arguments.scenario, "set": [f"levers.{arguments.lever}={value}"],
            "replications": arguments.replications}
    if arguments.seed is not None:
        body["seed"] = arguments.seed
    return call(f"{arguments.url}/api/runs", body)["id"]


def wait_for(arguments, run_id, deadline):
    """Polls the run until it has finished; its summary.json once it has completed."""
    while True:
        status = call(f"{arguments.url}/api/runs/{run_id}")
        if status["status"] == "completed":
            return call(f"{arguments.url}/api/runs/{run_id}/summary.json")
        if status["status"] in ("failed", "cancelled"):
            sys.exit(f"run {run_id} {status['status']}: {status.get('error')}")
        if time.monotonic() > deadline:
            sys.exit(f"run {run_id} still {status['status']} after {arguments.timeout:g} s")
        time.sleep(0.2)


def row_of(summary, lever, value, indicator):
    """The table row of one run: the lever value, the indicator's end-of-horizon quantiles, its targets' probabilities."""
    series = next(i for i in summary["indicators"] if i["id"] == indicator and i["scope"] == "district")
    targets = {t["name"]: t["probability"] for t in summary["targets"]
               if t["indicator"] == indicator and t["scope"] == "district"}
    return {lever: float(value), "unit": series["unit"], "p10": series["p10"], "p50": series["p50"], "p90": series["p90"],
            "targets": targets}


def print_table(rows, lever, indicator):
    targets = list(rows[0]["targets"]) if rows else []
    header = [lever, f"{indicator} P10", "P50", "P90"] + [f"P({name})" for name in targets]
    lines = [[f"{row[lever]:g}", f"{row['p10']:,.2f}", f"{row['p50']:,.2f}", f"{row['p90']:,.2f}"]
             + [f"{row['targets'][name]:.1%}" for name in targets] for row in rows]
    widths = [max(len(cell) for cell in column) for column in zip(header, *lines)]
    print("  ".join(cell.rjust(width) for cell, width in zip(header, widths)))
    for line in lines:
        print("  ".join(cell.rjust(width) for cell, width in zip(line, widths)))
    if rows:
        print(f"({indicator} in {rows[0]['unit']}, district, at the end of the horizon)")


def main():
    arguments = parse_arguments()
    arguments.url = arguments.url.rstrip("/")
    # Kept as typed for --set (20, not 20.0); numbers only in the table.
    values = [v.strip() for v in arguments.values.split(",") if v.strip()]
    deadline = time.monotonic() + arguments.timeout

    # Submit every point first: the host queues them and runs as many at once as it is configured to.
    ids = [submit(arguments, value) for value in values]
    rows = [row_of(wait_for(arguments, run_id, deadline), arguments.lever, value, arguments.indicator)
            for run_id, value in zip(ids, values)]
    print_table(rows, arguments.lever, arguments.indicator)
    if arguments.json:
        with open(arguments.json, "w", encoding="utf-8") as file:
            json.dump(rows, file, indent=2)


if __name__ == "__main__":
    main()
