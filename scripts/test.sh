#!/usr/bin/env bash
# ./funcrec test: setup, build, run every test project against real local services, then print
# `N passed, N failed[, N skipped]` summed over all projects as the very last line.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
CONFIG="${FUNCREC_CONFIGURATION:-Release}"
RESULTS="$ROOT/.run/test-results"
passed=0; failed=0; skipped=0; status=0

finish() {
  # Backstop for fixtures whose test host ended before disposing them: every local service runs with its
  # working directory under .run/ (redis-server rewrites its command line, so match the cwd, not the args).
  local p cwd
  for p in /proc/[0-9]*; do
    cwd=$(readlink "$p/cwd" 2>/dev/null) || continue
    # SIGCONT after SIGTERM: a stopped process (state T, e.g. after SIGTTIN) only acts on the TERM once continued.
    case "$cwd" in "$ROOT/.run/"*) kill "${p#/proc/}" 2>/dev/null && kill -CONT "${p#/proc/}" 2>/dev/null || true ;; esac
  done
  if [ "$skipped" -gt 0 ]; then echo "$passed passed, $failed failed, $skipped skipped"; else echo "$passed passed, $failed failed"; fi
  exit "$status"
}

say() { printf '[test] %s\n' "$*"; }

"$ROOT/scripts/setup.sh" || { say "setup failed"; failed=$((failed + 1)); status=1; finish; }

say "dotnet build -c $CONFIG"
if ! "$ROOT/scripts/dotnet-solution.sh" build -c "$CONFIG" --nologo -v quiet -clp:ErrorsOnly; then
  say "build failed"; failed=$((failed + 1)); status=1; finish
fi

rm -rf "$RESULTS"; mkdir -p "$RESULTS"
mapfile -t projects < <(ls tests/*/*.csproj | grep -E '(UnitTests|IntegrationTests)\.csproj$' | sort)
for project in "${projects[@]}"; do
  name=$(basename "$project" .csproj)
  say "$name"
  if ! dotnet test "$project" -c "$CONFIG" --no-build --nologo \
      --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=minimal" \
      --results-directory "$RESULTS" -- RunConfiguration.TestSessionTimeout=1800000; then
    status=1
  fi
  trx="$RESULTS/$name.trx"
  if [ -f "$trx" ]; then
    counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n1)
    get() { printf '%s' "$counters" | grep -oE " $1=\"[0-9]+\"" | grep -oE '[0-9]+' || echo 0; }
    p=$(get passed); f=$(get failed); e=$(get error); t=$(get timeout); a=$(get aborted); n=$(get notExecuted)
    passed=$((passed + p)); failed=$((failed + f + e + t + a)); skipped=$((skipped + n))
  else
    say "$name produced no results (test host crashed?)"; failed=$((failed + 1)); status=1
  fi
done

# Infrastructure as code is part of the tested surface: bicep build and lint must be clean.
if [ -f infra/main.bicep ]; then
  if "$ROOT/scripts/bicep-check.sh"; then passed=$((passed + 1)); else failed=$((failed + 1)); status=1; fi
fi

[ "$failed" -eq 0 ] || status=1
finish
