#!/usr/bin/env bash
# Builds and lints the Azure infrastructure (infra/main.bicep, its modules and infra/main.bicepparam;
# linter rules in infra/bicepconfig.json)
# with the Bicep CLI from the NuGet package Azure.Bicep.CommandLine.linux-x64, at the version pinned in
# Directory.Packages.props. Exits non-zero on any error or warning; the last line is a one-line summary.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
LOG_DIR="$ROOT/.run/bicep"
mkdir -p "$LOG_DIR"

say() { printf '[bicep] %s\n' "$*"; }

version=$(grep -oE 'Include="Azure\.Bicep\.CommandLine\.linux-x64" Version="[^"]+"' Directory.Packages.props | sed -E 's/.*Version="([^"]+)"/\1/')
if [ -z "$version" ]; then say "FAILED: no Azure.Bicep.CommandLine.linux-x64 version in Directory.Packages.props"; exit 1; fi
packages="${NUGET_PACKAGES:-$HOME/.nuget/packages}"
bicep="$packages/azure.bicep.commandline.linux-x64/$version/tools/bicep"
if [ ! -f "$bicep" ]; then
  say "restoring tools/FuncRec.Tools (Bicep CLI $version)"
  dotnet restore tools/FuncRec.Tools/FuncRec.Tools.csproj >"$LOG_DIR/restore.log" 2>&1 \
    || { say "FAILED: dotnet restore of tools/FuncRec.Tools (see .run/bicep/restore.log)"; exit 1; }
fi
[ -x "$bicep" ] || chmod +x "$bicep" 2>/dev/null || true
if [ ! -x "$bicep" ]; then say "FAILED: Bicep CLI not found at $bicep"; exit 1; fi

# The parameters file reads its secrets from the environment; a throwaway value lets it compile here.
export FUNCREC_TRAINER_TOKEN="${FUNCREC_TRAINER_TOKEN:-bicep-check-placeholder-token-0123456789abcdef}"
export FUNCREC_CALLBACK_KEY="${FUNCREC_CALLBACK_KEY:-bicep-check-placeholder-callback-key-0123456789}"

steps=0; failed=0; warnings=0
run() {
  local name="$1"; shift
  local log="$LOG_DIR/$name.log"
  steps=$((steps + 1))
  "$bicep" "$@" >"$log.out" 2>"$log"
  local rc=$?
  # Diagnostics go to stderr as "<file>(line,col) : <Level> <code>: <message>".
  local w e
  w=$(grep -c ' : Warning ' "$log" || true)
  e=$(grep -c ' : Error ' "$log" || true)
  warnings=$((warnings + w))
  if [ "$rc" -ne 0 ] || [ "$e" -gt 0 ] || [ "$w" -gt 0 ]; then
    failed=$((failed + 1))
    say "$name: exit $rc, $e error(s), $w warning(s)"
    sed 's/^/    /' "$log"
  fi
}

run build build infra/main.bicep --stdout
[ -f infra/main.bicepparam ] && run build-params build-params infra/main.bicepparam --stdout
# Linting main.bicep alone reports only its own rules; the pattern lints every module as well.
run lint lint --pattern 'infra/**/*.bicep'
rm -f "$LOG_DIR"/*.out

modules=$(ls infra/modules/*.bicep 2>/dev/null | wc -l)
if [ "$failed" -eq 0 ]; then
  say "OK: bicep $version: build, build-params and lint of infra/main.bicep + $modules modules: 0 errors, 0 warnings"
  exit 0
fi
say "FAILED: bicep $version: $failed of $steps steps failed, $warnings warning(s) (logs in .run/bicep/)"
exit 1
