#!/usr/bin/env bash
# The main job: packs ParityBuild from this repository and builds the sample service with it.
# The sample's build is gated: its migrations are checked against its committed migrations.baseline.json.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

version="0.1.0-local"
# A fresh package folder and no stamp, so that this run restores the package just packed and runs the check.
rm -rf "$root/artifacts/packages/ParityBuild.$version.nupkg" "$root/artifacts/sample-packages" "$root/samples/Inventory/obj/parity"
echo "Packing ParityBuild $version into artifacts/packages ..."
dotnet pack "$root/src/ParityBuild.Tasks/ParityBuild.Tasks.csproj" -c Release -p:Version="$version" -o "$root/artifacts/packages" -nologo -v:q

echo "Building samples/Inventory with it ..."
log="$(mktemp)"
set +e
dotnet build "$root/samples/Inventory/Inventory.csproj" -nologo -v:n -nodeReuse:false "$@" >"$log" 2>&1
status=$?
set -e
# Normal verbosity shows ParityBuild's one-line summary; print it with any diagnostics and the result.
grep -E "ParityBuild:|ParityAccept:|PARITY[0-9]{4}|(error|warning) [A-Z]+[0-9]+|Build succeeded|Build FAILED" "$log" | sed "s/^ *//" | sort -u || true
rm -f "$log"
exit "$status"
