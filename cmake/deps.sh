#!/usr/bin/env bash
# Installs everything Podlab needs on a fresh Debian 12 machine, and nothing twice:
#   1. Debian packages (apt-get), only those that are missing;
#   2. Debian *source* packages for the web build (imgui, libsdl2, libyaml), unpacked under .deps/,
#      fetched with a private apt configuration derived from the system's own Debian sources;
#   3. npm packages from the committed package-lock.json, into node_modules/.
# `deps.sh fuzz` also installs clang and its sanitizer and libFuzzer runtimes, for `make fuzz` and
# `make test-sanitize` only.
# A second run with everything present changes nothing and takes a second or two.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
deps="$root/.deps"

# [SECTION] Debian packages
packages=(
  cmake ninja-build make g++ python3 dpkg-dev xz-utils ccache
  emscripten nodejs
  doctest-dev nlohmann-json3-dev
  fonts-dejavu-core fonttools
  chromium tshark
)
if [ "${1:-}" = fuzz ]; then
  packages+=(clang libclang-rt-14-dev)
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
# The machine may already carry a newer node and npm than Debian's; keep them.
if command -v node >/dev/null && command -v npm >/dev/null; then
  missing=("${missing[@]/nodejs}")
fi
missing=($(printf '%s\n' "${missing[@]}" | grep -v '^$' || true))
if ((${#missing[@]})); then
  echo "deps: installing Debian packages: ${missing[*]}"
  sudo_cmd=(); [ "$(id -u)" = 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# [SECTION] Debian source packages (pinned: the web build is tested with exactly these)
declare -A pinned=(
  [imgui]="1.86+ds-1"
  [libsdl2]="2.26.5+dfsg-1"
  [libyaml]="0.2.5-1"
)
declare -A unpacked=(
  [imgui]="imgui"
  [libsdl2]="sdl2"
  [libyaml]="yaml"
)
need_fetch=()
for src in "${!pinned[@]}"; do
  stamp="$deps/${unpacked[$src]}/.podlab-version"
  [ -f "$stamp" ] && [ "$(cat "$stamp")" = "${pinned[$src]}" ] || need_fetch+=("$src")
done
if ((${#need_fetch[@]})); then
  apt_dir="$deps/apt"
  mkdir -p "$apt_dir/sources" "$apt_dir/lists/partial" "$apt_dir/download"
  # Derive a deb-src list from the system's own Debian sources (deb822 or classic format).
  : > "$apt_dir/sources/podlab-src.sources"
  : > "$apt_dir/sources/podlab-src.list"
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    grep -qi 'debian' "$f" || continue
    sed -E 's/^Types:.*$/Types: deb-src/' "$f" >> "$apt_dir/sources/podlab-src.sources"
    printf '\n' >> "$apt_dir/sources/podlab-src.sources"
  done
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] || continue
    grep -E '^deb ' "$f" | grep -i 'debian' | sed -E 's/^deb /deb-src /' >> "$apt_dir/sources/podlab-src.list" || true
  done
  if ! [ -s "$apt_dir/sources/podlab-src.sources" ] && ! [ -s "$apt_dir/sources/podlab-src.list" ]; then
    echo "deps: no Debian package source found in /etc/apt to derive source packages from" >&2
    exit 1
  fi
  apt_opts=(-o "Dir::Etc::SourceList=/dev/null" -o "Dir::Etc::SourceParts=$apt_dir/sources"
            -o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache=$apt_dir/cache"
            -o "APT::Sandbox::User=root")
  echo "deps: fetching Debian source packages: ${need_fetch[*]}"
  apt-get "${apt_opts[@]}" update -qq
  for src in "${need_fetch[@]}"; do
    offered=$(apt-cache "${apt_opts[@]}" showsrc "$src" | awk '/^Version:/ {print $2}' | sort -u)
    if ! grep -qxF "${pinned[$src]}" <<<"$offered"; then
      echo "deps: the archive offers $src version(s) [$(echo $offered)] but Podlab is pinned to ${pinned[$src]}." >&2
      echo "deps: build and test with the offered version, then update the pin in cmake/deps.sh." >&2
      exit 1
    fi
    (cd "$apt_dir/download" && apt-get "${apt_opts[@]}" source --download-only -qq "$src=${pinned[$src]}" >/dev/null)
    dsc=$(ls "$apt_dir/download/${src}_${pinned[$src]#*:}.dsc")
    rm -rf "$deps/${unpacked[$src]}"
    dpkg-source --no-check --no-copy -x "$dsc" "$deps/${unpacked[$src]}" >/dev/null
    echo "${pinned[$src]}" > "$deps/${unpacked[$src]}/.podlab-version"
  done
fi

# [SECTION] npm packages from the lockfile
if [ -f "$root/package-lock.json" ]; then
  lock_stamp="$root/node_modules/.podlab-lock"
  lock_sum=$(sha256sum "$root/package-lock.json" | cut -d' ' -f1)
  if ! [ -f "$lock_stamp" ] || [ "$(cat "$lock_stamp")" != "$lock_sum" ]; then
    echo "deps: installing npm packages from package-lock.json"
    (cd "$root" && npm ci --no-audit --no-fund --loglevel=error)
    echo "$lock_sum" > "$lock_stamp"
  fi
fi
