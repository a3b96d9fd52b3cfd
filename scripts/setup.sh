#!/usr/bin/env bash
# Installs everything FuncRec needs on Debian 12 (or newer) as root. Idempotent: every step
# checks first and skips what is already present, so a second run finishes in seconds.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="$ROOT/.tools"
AZURITE_VERSION="3.35.0"   # last Azurite release whose engines field accepts Node 18/20 (Debian 12 ships 18)

say() { printf '[setup] %s\n' "$*"; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

APT_UPDATED=0
apt_update_once() {
  if [ "$APT_UPDATED" -eq 0 ]; then say "apt-get update"; as_root apt-get update -qq; APT_UPDATED=1; fi
}
apt_install() {
  apt_update_once
  say "apt-get install $*"
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

have_glibcxx_3432() {
  local lib
  for lib in /usr/lib/x86_64-linux-gnu/libstdc++.so.6 /usr/lib/aarch64-linux-gnu/libstdc++.so.6; do
    [ -e "$lib" ] && grep -aq 'GLIBCXX_3.4.32' "$lib" && return 0
  done
  return 1
}

ensure_base_tools() {
  local missing=()
  command -v curl >/dev/null || missing+=(curl)
  command -v git >/dev/null || missing+=(git)
  [ -e /etc/ssl/certs/ca-certificates.crt ] || missing+=(ca-certificates)
  if [ ${#missing[@]} -gt 0 ]; then apt_install "${missing[@]}"; else say "base tools present"; fi
}

ensure_dotnet() {
  if command -v dotnet >/dev/null && dotnet --list-sdks | grep -q '^10\.'; then
    say ".NET 10 SDK present ($(dotnet --version))"; return
  fi
  # Debian 12 has no dotnet package of its own; Microsoft's feed is not among the reachable registries,
  # so the SDK is expected from the machine image. Say so plainly rather than guessing.
  say "ERROR: the .NET 10 SDK is required (dotnet not found). Install it, then rerun ./funcrec setup." >&2
  exit 1
}

ensure_redis() {
  if command -v redis-server >/dev/null; then say "redis-server present ($(redis-server --version | awk '{print $3}'))"; return; fi
  apt_install redis-server redis-tools
  # The tests and the local host start their own redis-server on free ports; the distro service is not needed.
  if command -v systemctl >/dev/null && systemctl is-active --quiet redis-server 2>/dev/null; then
    as_root systemctl disable --now redis-server >/dev/null 2>&1 || true
  fi
  pkill -x redis-server 2>/dev/null || true
}

ensure_node() {
  if command -v node >/dev/null && command -v npm >/dev/null; then say "node present ($(node --version))"; return; fi
  apt_install nodejs npm
}

ensure_azurite() {
  local bin="$TOOLS/azurite/node_modules/.bin/azurite-blob"
  if [ -x "$bin" ] && grep -q "\"version\": \"$AZURITE_VERSION\"" "$TOOLS/azurite/node_modules/azurite/package.json" 2>/dev/null; then
    say "azurite $AZURITE_VERSION present (.tools/azurite)"; return
  fi
  ensure_node
  mkdir -p "$TOOLS/azurite" "$TOOLS/npm-cache"
  say "npm install azurite@$AZURITE_VERSION into .tools/azurite (project-local, no global npm state)"
  ( cd "$TOOLS/azurite" && [ -f package.json ] || echo '{"name":"funcrec-tools","private":true}' > "$TOOLS/azurite/package.json"
    cd "$TOOLS/azurite" && npm_config_cache="$TOOLS/npm-cache" npm install --no-audit --no-fund --no-update-notifier --loglevel=error \
      --userconfig /dev/null "azurite@$AZURITE_VERSION" >/dev/null )
}

ensure_libstdcxx() {
  if have_glibcxx_3432; then say "libstdc++ has GLIBCXX_3.4.32 (TorchSharp native library can load)"; return; fi
  . /etc/os-release
  if [ "${ID:-}" != "debian" ]; then
    say "WARNING: libstdc++ lacks GLIBCXX_3.4.32 and this is not Debian; install a libstdc++6 from GCC >= 13 for TorchSharp" >&2
    return
  fi
  say "libstdc++ lacks GLIBCXX_3.4.32: adding a pinned Debian 13 (trixie) source for libstdc++6 only"
  as_root tee /etc/apt/sources.list.d/funcrec-trixie.list >/dev/null <<'LIST'
deb http://deb.debian.org/debian trixie main
LIST
  # Priority 100 keeps every other package on the release it came from; only an explicit -t trixie pulls from it.
  as_root tee /etc/apt/preferences.d/funcrec-trixie >/dev/null <<'PREF'
Package: *
Pin: release n=trixie
Pin-Priority: 100
PREF
  APT_UPDATED=0
  apt_update_once
  say "apt-get install -t trixie libstdc++6 (also upgrades libc6 to trixie's)"
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq -t trixie libstdc++6 >/dev/null
  have_glibcxx_3432 || { say "ERROR: libstdc++6 from trixie still lacks GLIBCXX_3.4.32" >&2; exit 1; }
}

ensure_bicep() {
  # The Bicep CLI is a NuGet package (version pinned in Directory.Packages.props); restoring the tools project
  # downloads it into the global packages folder. Restore is a no-op in well under a second once it is there.
  say "dotnet restore tools/FuncRec.Tools (Bicep CLI from NuGet package Azure.Bicep.CommandLine.linux-x64)"
  dotnet restore "$ROOT/tools/FuncRec.Tools/FuncRec.Tools.csproj" >/dev/null
}

dotnet_restore() {
  say "dotnet restore (every project this machine can restore)"
  "$ROOT/scripts/dotnet-solution.sh" restore >/dev/null
}

main() {
  ensure_base_tools
  ensure_dotnet
  ensure_redis
  ensure_azurite
  ensure_libstdcxx
  dotnet_restore
  ensure_bicep
  say "done"
}
main "$@"
