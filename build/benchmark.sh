#!/usr/bin/env bash
# Builds the benchmark program in Release and runs it; arguments are passed through (--quick: about a minute).
# It prints figures and asserts nothing; see tests/ParityBuild.Benchmarks/Program.cs for what it measures.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# Figure 5 (the replica check) runs against the test PostgreSQL server.
bash "$root/build/databases.sh" start >/dev/null
source "${PARITY_DB_ROOT:-/tmp/paritybuild-db}/env.sh"

# Figure 7 runs the real postgrator package under node: install its pinned packages when node and npm are here and the
# lock file changed since the last install; without them the figure says it was skipped.
postgrator="$root/tests/ParityBuild.Benchmarks/Tools/postgrator"
if command -v node >/dev/null && command -v npm >/dev/null; then
  if [ ! -f "$postgrator/node_modules/.package-lock.json" ] || [ "$postgrator/package-lock.json" -nt "$postgrator/node_modules/.package-lock.json" ]; then
    npm ci --no-audit --no-fund --loglevel=error --prefix "$postgrator" >/dev/null \
      || echo "benchmark: npm ci in $postgrator failed; figure 7 will be skipped" >&2
  fi
fi

project="$root/tests/ParityBuild.Benchmarks/ParityBuild.Benchmarks.csproj"
dotnet build "$project" -c Release -nologo -v:q -clp:ErrorsOnly
# Run the built program directly (not `dotnet run`), so no build runs beside the measurements.
exec dotnet "$root/tests/ParityBuild.Benchmarks/bin/Release/net10.0/ParityBuild.Benchmarks.dll" "$@"
