#!/usr/bin/env python3
"""Sweep one lever through the liubeisim command line and print a table.

For each value, runs

    liubeisim run SCENARIO --set levers.LEVER=VALUE -r REPLICATIONS [-s SEED] --out DIR

reads DIR/summary.json, and prints the indicator's P10, P50 and P90 at the end of the horizon and the
probability of each of the scenario's targets on it. Standard library only.

    python3 examples/python/sweep_cli.py --values 0,10,20,30
    python3 examples/python/sweep_cli.py --liubeisim "dotnet run --project src/LiubeiSim.Cli --" --values 0,20

--liubeisim is the command that runs the CLI: `liubeisim` once installed as a .NET tool, or
`dotnet path/to/liubeisim.dll`, or `dotnet run --project src/LiubeiSim.Cli --` from a clone.
"""

import argparse
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
    parser.add_argument("--scenario", default="baseline-2023", help="built-in name or YAML file (default: baseline-2023)")
    parser.add_argument("--lever", default="sgmw_demand_growth", help="lever to sweep (default: sgmw_demand_growth)")
    parser.add_argument("--values", default="0,10,20,30", help="comma-separated lever values (default: 0,10,20,30)")
    parser.add_argument("--indicator", default="industrial_output", help="district indicator to tabulate")
    parser.add_argument("-r", "--replications", type=int, default=200)
    parser.add_argument("-s", "--seed", type=int, default=None, help="default: the scenario's own")
    parser.add_argument("--json", metavar="FILE", help="also write the rows as JSON to FILE")
    parser.add_argument("--timeout", type=float, default=600, help="seconds one run may take (default: 600)")
    return parser.parse_args()


def run_one(command, arguments, value, directory):
    """Runs one point of the sweep and returns its summary.json as a dict."""
    out = os.path.join(directory, f"{arguments.lever}={value}")
    argv = command + ["run", arguments.scenario, "--set", f"levers.{arguments.lever}={value}",
                      "-r", str(arguments.replications), "--out", out]
    if arguments.seed is not None:
        argv += ["-s", str(arguments.seed)]
    finished = subprocess.run(argv, capture_output=True, text=True, timeout=arguments.timeout, check=False)
    if finished.returncode != 0:
        sys.exit(f"{shlex.join(argv)} exited {finished.returncode}:\n{finished.stderr}")
    with open(os.path.join(out, "summary.json"), encoding="utf-8") as file:
        return json.load(file)


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
    command = shlex.split(arguments.liubeisim)
    # Kept as typed for --set (20, not 20.0); numbers only in the table.
    values = [v.strip() for v in arguments.values.split(",") if v.strip()]
    with tempfile.TemporaryDirectory(prefix="liubeisim-sweep-") as directory:
        rows = [row_of(run_one(command, arguments, value, directory), arguments.lever, value, arguments.indicator)
                for value in values]
    print_table(rows, arguments.lever, arguments.indicator)
    if arguments.json:
        with open(arguments.json, "w", encoding="utf-8") as file:
            json.dump(rows, file, indent=2)


if __name__ == "__main__":
    main()
