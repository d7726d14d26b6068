#!/usr/bin/env bash
# Chaos trials against three real `liubeisim serve` processes and a throwaway redis-server, all on loopback.
# Each trial kills a random silo (kill -9) at a random month of a long run, starts it again, and compares the run's
# indicators.csv and targets.csv with the in-process engine's. Prints one line per trial and ends with `N/N identical`.
#   tests/chaos/run.sh --trials 20                       # 20 random kills
#   tests/chaos/run.sh --trials 3 --run-grain-and-rolling  # plus a kill of the run grain's silo and a rolling restart
#   tests/chaos/run.sh --trials 5 --seed 42              # repeat a sequence of choices
# Needs the .NET SDK and Debian's redis-server (apt-get install -y redis-server).
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v redis-server >/dev/null || { echo "redis-server not found: apt-get install -y redis-server" >&2; exit 2; }
dotnet build tests/chaos/LiubeiSim.Chaos.csproj -c Release --nologo -v q -clp:NoSummary
exec dotnet tests/chaos/bin/Release/net10.0/LiubeiSim.Chaos.dll --redis-server "$(command -v redis-server)" "$@"
