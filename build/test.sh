#!/usr/bin/env bash
# Runs every test project (unit, task and end-to-end tests; the end-to-end tests pack the real package themselves)
# and ends with the plain line "N passed, N failed, N skipped".
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MSBUILDDISABLENODEREUSE=1

# The database tests talk to real PostgreSQL and MariaDB servers: start them (installing them if missing;
# kept running if already up) and export PARITY_TEST_POSTGRES / PARITY_TEST_MYSQL from the env file it
# writes. Without them those tests would fail, so a failed start ends the run here, loudly.
export PARITY_DB_ROOT="${PARITY_DB_ROOT:-/tmp/paritybuild-db}"
if ! bash "$root/build/databases.sh" start || ! source "$PARITY_DB_ROOT/env.sh"; then
  echo "build/test.sh: could not start the test databases (see the errors above)" >&2
  echo "0 passed, 1 failed, 0 skipped"
  exit 1
fi

log="$(mktemp)"
dotnet test "$root/ParityBuild.sln" -c Release --nologo -v:q "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# VSTest prints one summary per test assembly: "Failed:     0, Passed:    25, Skipped:     0, Total: ..."
read -r passed failed skipped < <(grep -oE "Failed: +[0-9]+, Passed: +[0-9]+, Skipped: +[0-9]+" "$log" \
  | awk -F'[:,]' '{ f += $2; p += $4; s += $6 } END { printf "%d %d %d\n", p, f, s }')
# Name the failed tests once more at the end, where a truncated CI log still shows them.
if grep -qE "^ +Failed [^!]" "$log"; then
  echo "Failed tests:"
  grep -E "^ +Failed [^!]" "$log" | sed -E 's/^ +Failed +/  /'
fi
rm -f "$log"
dotnet build-server shutdown >/dev/null 2>&1 || true

if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  # The run failed before or outside a test (a build error, a crashed test host): count it as a failure.
  failed=1
fi
echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
