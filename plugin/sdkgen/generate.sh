#!/usr/bin/env bash
# Generates the jsms plugin's SDKs (Go, Python, TypeScript) from its schema with Pulumi's own code generators.
#
#   bash plugin/sdkgen/generate.sh [--schema FILE] [--languages go,python,nodejs] [--go-import-base-path PATH] OUT
#   bash plugin/sdkgen/generate.sh --build-only     # builds the generator, prints its path
#
# OUT/<language> is replaced for each language. FILE defaults to plugin/schema.json of this checkout. The generator
# (plugin/sdkgen/main.go) is built with Go from the modules pinned in its go.sum (Go module cache, else the Go module
# proxy) and cached by the digest of its sources in $PULUMI_JSMS_CACHE/sdkgen (default ~/.cache/pulumi-jsms), so only
# the first run after a change compiles it. Progress goes to stderr.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cache="${PULUMI_JSMS_CACHE:-$HOME/.cache/pulumi-jsms}/sdkgen"
log() { echo "sdkgen: $*" >&2; }
usage() {
  echo "usage: bash plugin/sdkgen/generate.sh [--schema FILE] [--languages go,python,nodejs]" \
    "[--go-import-base-path PATH] OUT | --build-only" >&2
  exit 2
}

schema="$root/plugin/schema.json"
languages="go,python,nodejs"
import_base=""
out=""
build_only=0
while [ "$#" -gt 0 ]; do
  case "$1" in
    --schema) [ "$#" -ge 2 ] || usage; schema="$2"; shift 2 ;;
    --languages) [ "$#" -ge 2 ] || usage; languages="$2"; shift 2 ;;
    --go-import-base-path) [ "$#" -ge 2 ] || usage; import_base="$2"; shift 2 ;;
    --build-only) build_only=1; shift ;;
    -*) usage ;;
    *) [ -z "$out" ] || usage; out="$1"; shift ;;
  esac
done
if [ "$build_only" = 0 ] && [ -z "$out" ]; then usage; fi

command -v go >/dev/null 2>&1 || { log "Go >= 1.25 is needed to build the SDK generator (go.dev/dl); none on PATH"; exit 1; }
# The generator's identity: its sources, this script (its build flags) and the Go that compiles them.
digest="$(cd "$here" && { cat main.go go.mod go.sum generate.sh; go version; } | sha256sum | cut -c1-16)"
bin="$cache/$digest/pulumi-jsms-sdkgen"

if [ ! -x "$bin" ]; then
  mkdir -p "$cache"
  # Serialises builds: checkouts share the cache.
  if command -v flock >/dev/null 2>&1; then
    exec 9>"$cache/.lock"
    flock 9
  fi
  if [ ! -x "$bin" ]; then
    start=$(date +%s)
    log "building the SDK generator into $(dirname "$bin"); the first build takes up to 3 minutes"
    mkdir -p "$(dirname "$bin")"
    # The checksum database behind some proxies has no entry for pulumi's pkg/ module versions; go.sum pins them.
    export GOTOOLCHAIN=local GONOSUMDB="${GONOSUMDB:+$GONOSUMDB,}github.com/pulumi/pulumi"
    # The same flags as the Pulumi CLI build of scripts/install-pulumi.sh: the packages both compile from the same
    # modules then come from Go's build cache (about 10 s instead of 3 minutes once the CLI is built).
    (cd "$here" && go build -mod=readonly -buildvcs=false -trimpath -tags "osusergo grpcnotrace" -ldflags "-s -w" \
      -o "$bin.tmp" .) >&2
    mv "$bin.tmp" "$bin"
    log "SDK generator built in $(( $(date +%s) - start ))s"
    # Builds of older sources (other checkouts, earlier commits) go after a week; one still in use is rebuilt.
    find "$cache" -mindepth 1 -maxdepth 1 -type d ! -name "$digest" -mtime +7 -exec rm -rf {} + 2>/dev/null || true
  fi
fi

if [ "$build_only" = 1 ]; then
  echo "$bin"
  exit 0
fi
args=(-schema "$schema" -out "$out" -languages "$languages")
if [ -n "$import_base" ]; then args+=(-go-import-base-path "$import_base"); fi
exec "$bin" "${args[@]}"
