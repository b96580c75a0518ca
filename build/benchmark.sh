#!/usr/bin/env bash
# Builds the benchmark program in Release and runs it; arguments are passed through (--quick: about a minute).
# It prints figures and asserts nothing; see tests/ParityBuild.Benchmarks/Program.cs for what it measures.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# Figure 5 (the replica check) runs against the test PostgreSQL server.
bash "$root/build/databases.sh" start >/dev/null
source "${PARITY_DB_ROOT:-/tmp/paritybuild-db}/env.sh"

project="$root/tests/ParityBuild.Benchmarks/ParityBuild.Benchmarks.csproj"
dotnet build "$project" -c Release -nologo -v:q -clp:ErrorsOnly
# Run the built program directly (not `dotnet run`), so no build runs beside the measurements.
exec dotnet "$root/tests/ParityBuild.Benchmarks/bin/Release/net10.0/ParityBuild.Benchmarks.dll" "$@"
