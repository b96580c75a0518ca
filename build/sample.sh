#!/usr/bin/env bash
# The main job: packs ParityBuild (and ParityBuild.DbUp) from this repository and builds the sample services with them.
# Each sample's build is gated: its migrations are checked against its committed migrations.baseline.json.
# samples/Inventory is a Flyway project; samples/Orders deploys itself with DbUp through ParityBuild's journal.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

version="0.1.0-local"
# A fresh package folder and no stamp, so that this run restores the package just packed and runs the check.
rm -rf "$root/artifacts/packages/ParityBuild.$version.nupkg" "$root/artifacts/packages/ParityBuild.DbUp.$version.nupkg" \
  "$root/artifacts/sample-packages" "$root/samples/Inventory/obj/parity" "$root/samples/Orders/obj/parity"
echo "Packing ParityBuild and ParityBuild.DbUp $version into artifacts/packages ..."
dotnet pack "$root/src/ParityBuild.Tasks/ParityBuild.Tasks.csproj" -c Release -p:Version="$version" -o "$root/artifacts/packages" -nologo -v:q
dotnet pack "$root/src/ParityBuild.DbUp/ParityBuild.DbUp.csproj" -c Release -p:Version="$version" -o "$root/artifacts/packages" -nologo -v:q

status=0
for sample in Inventory Orders; do
  echo "Building samples/$sample with it ..."
  log="$(mktemp)"
  set +e
  dotnet build "$root/samples/$sample/$sample.csproj" -nologo -v:n -nodeReuse:false "$@" >"$log" 2>&1
  result=$?
  set -e
  # Normal verbosity shows ParityBuild's one-line summary; print it with any diagnostics and the result.
  grep -E "ParityBuild:|ParityAccept:|PARITY[0-9]{4}|(error|warning) [A-Z]+[0-9]+|Build succeeded|Build FAILED" "$log" | sed "s/^ *//" | sort -u || true
  rm -f "$log"
  [ "$result" -eq 0 ] || status=$result
done
exit "$status"
