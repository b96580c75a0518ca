#!/usr/bin/env bash
# The main job: packs ParityBuild (and ParityBuild.DbUp) from this repository and builds the sample services with them.
# Each sample's build is gated: its migrations are checked against its committed migrations.baseline.json.
# samples/Inventory is a Flyway project; samples/Orders deploys itself with DbUp through ParityBuild's journal.
# Then it packs the `parity` tool (ParityBuild.Tool), installs it from that local feed into a temporary tool path, runs
# `parity verify` in samples/Inventory, and again on a copy of its scripts alone, where the manifest it writes must be
# byte for byte the one the package's build wrote.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

version="0.1.0-local"
# A fresh package folder and no stamp, so that this run restores the package just packed and runs the check.
rm -rf "$root/artifacts/packages/ParityBuild.$version.nupkg" "$root/artifacts/packages/ParityBuild.DbUp.$version.nupkg" \
  "$root/artifacts/packages/ParityBuild.Tool.$version.nupkg" \
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
[ "$status" -eq 0 ] || exit "$status"

echo "Packing ParityBuild.Tool $version, installing it from artifacts/packages, running parity verify in samples/Inventory ..."
dotnet pack "$root/src/ParityBuild.Tool/ParityBuild.Tool.csproj" -c Release -p:Version="$version" -o "$root/artifacts/packages" -nologo -v:q
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
printf '<?xml version="1.0" encoding="utf-8"?>\n<configuration>\n  <packageSources>\n    <clear />\n    <add key="local" value="%s" />\n  </packageSources>\n</configuration>\n' \
  "$root/artifacts/packages" >"$work/NuGet.config"
# The samples' own package folder (emptied above), so that a repack of the same version is never served from NuGet's cache.
NUGET_PACKAGES="$root/artifacts/sample-packages" dotnet tool install ParityBuild.Tool --version "$version" \
  --tool-path "$work/tools" --configfile "$work/NuGet.config" >/dev/null
(cd "$root/samples/Inventory" && "$work/tools/parity" verify --locked)
# The manifest the package's build wrote (or found current) is the one the tool writes from nothing for the same scripts.
mkdir "$work/Inventory"
cp -R "$root/samples/Inventory/Migrations" "$work/Inventory/"
"$work/tools/parity" verify --project-dir "$work/Inventory" --locked false
cmp "$root/samples/Inventory/migrations.baseline.json" "$work/Inventory/migrations.baseline.json"
echo "parity verify passed, and the manifest it writes from nothing is byte for byte the package's."
