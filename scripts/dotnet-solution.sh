#!/usr/bin/env bash
# Runs a dotnet verb (restore, build) over every project in FuncRec.sln that this machine can restore.
# functions/FuncRec.Functions needs the Azure Functions worker packages; where the configured NuGet source
# does not serve them, it is left out with exactly one line saying so, and built everywhere they restore.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
verb="$1"; shift
FUNCTIONS="functions/FuncRec.Functions/FuncRec.Functions.csproj"
mkdir -p .run

functions_restore_log=.run/functions-restore.log
if dotnet restore "$FUNCTIONS" >"$functions_restore_log" 2>&1; then
  target=FuncRec.sln
else
  missing=$(grep -oE "Unable to find package [A-Za-z0-9.]+" "$functions_restore_log" | head -n1 | awk '{print $5}' || true)
  echo "[build] functions/FuncRec.Functions left out: the NuGet source does not serve ${missing:-its Azure Functions worker packages} (see .run/functions-restore.log); it builds wherever they restore."
  # A solution filter of every other project, generated so new projects are never silently left out.
  {
    printf '{\n  "solution": {\n    "path": "../FuncRec.sln",\n    "projects": [\n'
    dotnet sln FuncRec.sln list | grep -E '\.csproj$' | grep -v 'FuncRec.Functions.csproj' \
      | sed 's#/#\\\\#g; s#.*#      "&"#' | paste -sd, - | sed 's/,/,\n/g'
    printf '\n    ]\n  }\n}\n'
  } > .run/FuncRec.Local.slnf
  target=.run/FuncRec.Local.slnf
fi
exec dotnet "$verb" "$target" "$@"
