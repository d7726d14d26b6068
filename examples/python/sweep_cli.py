#!/usr/bin/env python3
"""Sweep one lever through the liubeisim command line and print a table.

Writes a sweep spec (the base scenario, the lever's values, replications and seed) and runs

    liubeisim sweep SPEC --out DIR --format csv

which runs every value as `--set levers.LEVER=VALUE` with the same seed, then reads the tidy tables it writes
(points.csv, indicators.csv, targets.csv) and prints the indicator's P10, P50 and P90 at the end of the horizon
and the probability of each of the scenario's targets on it. Standard library only.

    python3 examples/python/sweep_cli.py --values 0,10,20,30
    python3 examples/python/sweep_cli.py --liubeisim "dotnet run --project src/LiubeiSim.Cli --" --values 0,20

--liubeisim is the command that runs the CLI: `liubeisim` once installed as a .NET tool, or
`dotnet path/to/liubeisim.dll`, or `dotnet run --project src/LiubeiSim.Cli --` from a clone.
"""

import argparse
import csv
import json
import os
import shlex
import subprocess
import sys
import tempfile


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--liubeisim", default=os.environ.get("LIUBEISIM", "liubeisim"),
                        help="command that runs the CLI (default: $LIUBEISIM or liubeisim)")
    parser.add_argument("--scenario", default="baseline-2023", help="built-in name, or a scenario file (default: baseline-2023)")
    parser.add_argument("--lever", default="sgmw_demand_growth", help="lever to sweep (default: sgmw_demand_growth)")
    parser.add_argument("--values", default="0,10,20,30", help="comma-separated lever values (default: 0,10,20,30)")
    parser.add_argument("--indicator", default="industrial_output", help="district indicator to tabulate")
    parser.add_argument("-r", "--replications", type=int, default=200)
    parser.add_argument("-s", "--seed", type=int, default=None, help="default: the scenario's own")
    parser.add_argument("--json", metavar="FILE", help="also write the rows as JSON to FILE")
    parser.add_argument("--timeout", type=float, default=600, help="seconds the sweep may take (default: 600)")
    return parser.parse_args()


def run_sweep(command, arguments, values, directory):
    """Runs the sweep and returns its tables as lists of dicts, by table name."""
    # A scenario file is named absolutely: a spec's base is looked for relative to the spec's own folder.
    base = os.path.abspath(arguments.scenario) if os.path.isfile(arguments.scenario) else arguments.scenario
    spec = {"base": base, "replications": arguments.replications,
            "factors": {f"levers.{arguments.lever}": [float(v) for v in values]}, "outputs": [arguments.indicator]}
    if arguments.seed is not None:
        spec["seed"] = arguments.seed
    spec_path = os.path.join(directory, "spec.yaml")
    with open(spec_path, "w", encoding="utf-8") as file:
        json.dump(spec, file)  # JSON is YAML's flow style: a valid spec as it is
    out = os.path.join(directory, "sweep")
    argv = command + ["sweep", spec_path, "--out", out, "--format", "csv"]
    finished = subprocess.run(argv, capture_output=True, text=True, timeout=arguments.timeout, check=False)
    if finished.returncode != 0:
        sys.exit(f"{shlex.join(argv)} exited {finished.returncode}:\n{finished.stderr}")
    tables = {}
    for table in ("points", "indicators", "targets"):
        with open(os.path.join(out, f"{table}.csv"), encoding="utf-8", newline="") as file:
            tables[table] = list(csv.DictReader(file))
    return tables


def rows_of(tables, lever, indicator):
    """A table row per point: the lever value, the indicator's end-of-horizon quantiles, its targets' probabilities."""
    key = f"levers.{lever}"
    end = max(row["month"] for row in tables["indicators"])
    rows = []
    for point in tables["points"]:
        series = next(r for r in tables["indicators"] if r["point"] == point["point"] and r["month"] == end
                      and r["indicator"] == indicator and r["scope"] == "district")
        targets = {t["name"]: float(t["probability"]) for t in tables["targets"]
                   if t["point"] == point["point"] and t["indicator"] == indicator and t["scope"] == "district"}
        rows.append({lever: float(point[key]), "unit": series["unit"], "p10": float(series["p10"]),
                     "p50": float(series["p50"]), "p90": float(series["p90"]), "targets": targets})
    return rows


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
    command = shlex.split(arguments.liubeisim)
    values = [v.strip() for v in arguments.values.split(",") if v.strip()]
    with tempfile.TemporaryDirectory(prefix="liubeisim-sweep-") as directory:
        rows = rows_of(run_sweep(command, arguments, values, directory), arguments.lever, arguments.indicator)
    print_table(rows, arguments.lever, arguments.indicator)
    if arguments.json:
        with open(arguments.json, "w", encoding="utf-8") as file:
            json.dump(rows, file, indent=2)


if __name__ == "__main__":
    main()
