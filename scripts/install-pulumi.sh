#!/usr/bin/env bash
# Makes a Pulumi CLI that can run this project available, with no network but the Go module proxy.
#
#   bash scripts/install-pulumi.sh [--no-yaml]
#
# Prints the directory to put on PATH as its only line on stdout (PATH="$(bash scripts/install-pulumi.sh):$PATH");
# progress goes to stderr. What must be found there: `pulumi` of version 3.139 or later (dynamic providers'
# `configure` needs it), its Node.js language host `pulumi-language-nodejs`, the dynamic-provider plugin
# `pulumi-resource-pulumi-nodejs` and, unless --no-yaml, the Pulumi YAML language host `pulumi-language-yaml`.
#
# Order: a usable `pulumi` on PATH (the official CLI ships all four beside it, and the Python and Go language hosts;
# a missing plugin is supplied from the cache, a missing Node.js language host makes it unusable), then the cache,
# then a build from the Go modules of the pinned version (the CLI is not on npm in a usable form: those packages
# download it at run time), with this project's Node.js, Go and Python language hosts (scripts/language-hosts). Cache:
# $PULUMI_JSMS_CACHE (default ~/.cache/pulumi-jsms), one folder per version, shared by every checkout. A cold build
# takes about 6 minutes for the CLI and its Node.js host and about 2 minutes for the YAML host, on 2 cores.
set -euo pipefail

with_yaml=1
for arg in "$@"; do
  case "$arg" in
    --no-yaml) with_yaml=0 ;;
    *) echo "usage: bash scripts/install-pulumi.sh [--no-yaml]" >&2; exit 2 ;;
  esac
done

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# The CLI follows the Node.js SDK the project develops against (its devDependency).
version="${PULUMI_VERSION:-$(node -p "require('$root/package.json').devDependencies['@pulumi/pulumi'].replace(/^[^0-9]*/, '')")}"
# The oldest CLI whose engine calls `configure` on dynamic providers, which the provider's settings rely on.
min_version="3.139.0"
yaml_version="${PULUMI_YAML_VERSION:-1.25.0}"
cache="${PULUMI_JSMS_CACHE:-$HOME/.cache/pulumi-jsms}"
bin="$cache/pulumi-v$version/bin"
work="$cache/pulumi-v$version/src"
log() { echo "install-pulumi: $*" >&2; }

# The dynamic-provider plugin is a 238-byte shell script shipped inside @pulumi/pulumi; the CLI looks for it next to
# itself. It is copied, not linked: it resolves @pulumi/pulumi from the provider's working directory (the project),
# so one copy serves every checkout, and a link into one checkout would dangle once that checkout is gone.
install_nodejs_plugin() {
  local script="$root/node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs"
  if [ -f "$script" ]; then
    if ! cmp -s "$script" "$1/pulumi-resource-pulumi-nodejs"; then
      rm -f "$1/pulumi-resource-pulumi-nodejs"
      cp "$script" "$1/pulumi-resource-pulumi-nodejs.tmp"
      chmod +x "$1/pulumi-resource-pulumi-nodejs.tmp"
      mv "$1/pulumi-resource-pulumi-nodejs.tmp" "$1/pulumi-resource-pulumi-nodejs"
    fi
  else
    log "warning: $script not found; run npm ci first (dynamic resources need it)"
  fi
}

# The language hosts this project builds when no official CLI is installed: one Go module, scripts/language-hosts/,
# with a main package per language (installed as pulumi-language-<folder>) and the start-up code they share
# (langhost/). A stamp of the module's sources says which sources a binary was built from, so a changed host, or a
# change of what they share, rebuilds them on the next run. The Python host starts programs through
# pulumi-language-python-exec, the runner script of the sdk/v3 module it is built against, copied beside it.
hosts_dir="$root/scripts/language-hosts"
host_names() { local d; for d in "$hosts_dir"/*/; do [ -f "$d/main.go" ] && basename "$d"; done; }
host_digest() {
  (cd "$hosts_dir" && find . -name '*.go' -o -name go.mod -o -name go.sum | LC_ALL=C sort | xargs cat) | cksum | cut -d' ' -f1
}
host_files() { echo "$bin/pulumi-language-$1"; [ "$1" != python ] || echo "$bin/pulumi-language-python-exec"; }
host_ok() {
  local f
  for f in $(host_files "$1"); do [ -x "$f" ] || return 1; done
  [ "$(cat "$work/pulumi-language-$1.sources" 2>/dev/null)" = "$(host_digest)" ]
}
hosts_ok() { local h; for h in $(host_names); do host_ok "$h" || return 1; done; }
build_hosts() {
  local h sdk_dir
  for h in $(host_names); do
    host_ok "$h" && continue
    log "building pulumi-language-$h (this project's language host, scripts/language-hosts/$h) into $bin"
    (cd "$hosts_dir" && GOFLAGS=-mod=readonly go build -trimpath -tags "osusergo grpcnotrace" -ldflags "$1" \
      -o "$bin/pulumi-language-$h.tmp" "./$h") >&2 || { log "building pulumi-language-$h failed"; exit 1; }
    if [ "$h" = python ]; then
      sdk_dir="$(cd "$hosts_dir" && GOFLAGS=-mod=readonly go list -m -f '{{.Dir}}' github.com/pulumi/pulumi/sdk/v3)"
      install -m 0755 "$sdk_dir/python/cmd/pulumi-language-python-exec" "$bin/pulumi-language-python-exec"
    fi
    mv "$bin/pulumi-language-$h.tmp" "$bin/pulumi-language-$h"
    host_digest > "$work/pulumi-language-$h.sources"
  done
}

pulumi_ok() { [ -x "$bin/pulumi" ] && [ "$("$bin/pulumi" version 2>/dev/null)" = "v$version" ]; }
# The YAML host has no version flag: a stamp written after its build says which version the binary is.
yaml_ok() { [ -x "$bin/pulumi-language-yaml" ] && [ "$(cat "$work/pulumi-language-yaml.version" 2>/dev/null)" = "$yaml_version" ]; }

# "3.200.0" from `pulumi version` output such as "v3.200.0" or "v3.200.0-alpha.1+abc"; empty when unreadable.
semver_of() { sed -n '1s/^v\{0,1\}\([0-9][0-9]*\.[0-9][0-9]*\.[0-9][0-9]*\).*/\1/p'; }
version_at_least() {
  local IFS=. i
  local -a have=($1) want=($2)
  for i in 0 1 2; do
    if (( ${have[i]} > ${want[i]} )); then return 0; fi
    if (( ${have[i]} < ${want[i]} )); then return 1; fi
  done
  return 0
}
# A plugin as the CLI finds it: beside `pulumi` (bundled), else on PATH.
find_plugin() {
  if [ -x "$1/$2" ]; then echo "$1/$2"; else command -v "$2" 2>/dev/null; fi
}

# Serialises builds: checkouts share the cache.
lock_cache() {
  mkdir -p "$work" "$bin"
  if command -v flock >/dev/null 2>&1; then
    exec 9>"$cache/pulumi-v$version/.lock"
    flock 9
  fi
}

setup_go() {
  command -v go >/dev/null 2>&1 || { log "Go >= 1.25 is needed to build $1 (go.dev/dl); none on PATH"; exit 1; }
  export GOTOOLCHAIN=local
  # The checksum database behind this machine's proxy answers 404 for pulumi's pkg/ and nodejs/ module versions;
  # skip it for pulumi's own modules only (their go.sum pins every dependency as usual).
  export GONOSUMDB="${GONOSUMDB:+$GONOSUMDB,}github.com/pulumi/pulumi"
}

# The Pulumi YAML language host, from its own module at its own go.mod's versions (it does not build against the
# CLI's newer pkg/v3). `go install mod@version` takes no -mod flag, hence the cleared GOFLAGS.
build_yaml_host() {
  setup_go "the Pulumi YAML language host"
  local start gobin="$work/yaml-gobin"
  start=$(date +%s)
  log "building pulumi-language-yaml v$yaml_version (Go module github.com/pulumi/pulumi-yaml, the Pulumi YAML" \
    "language host) into $bin; a cold build takes about 2 minutes on 2 cores"
  rm -rf "$gobin"
  GOFLAGS= GOBIN="$gobin" go install -trimpath -tags "osusergo grpcnotrace" \
    -ldflags "-s -w -X github.com/pulumi/pulumi-yaml/pkg/version.Version=$yaml_version" \
    "github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml@v$yaml_version" >&2
  mv "$gobin/pulumi-language-yaml" "$bin/pulumi-language-yaml"
  rm -rf "$gobin"
  echo "$yaml_version" > "$work/pulumi-language-yaml.version"
  log "pulumi-language-yaml built in $(( $(date +%s) - start ))s"
}

# 1. A usable `pulumi` on PATH (not our own cached build: the cache route below keeps that one up to date).
if path_pulumi="$(command -v pulumi 2>/dev/null)" \
  && [ "$(cd "$(dirname "$path_pulumi")" && pwd -P)" != "$(cd "$bin" 2>/dev/null && pwd -P)" ]; then
  dir="$(dirname "$path_pulumi")"
  # Bounded: a broken install must not hang the demo (macOS has no `timeout`; it then runs unbounded).
  bounded=()
  if command -v timeout >/dev/null 2>&1; then bounded=(timeout 60); fi
  found="$(PULUMI_SKIP_UPDATE_CHECK=true ${bounded[@]+"${bounded[@]}"} "$path_pulumi" version 2>/dev/null | semver_of || true)"
  if [ -z "$found" ]; then
    log "ignoring $path_pulumi: \`pulumi version\` did not print a version"
  elif ! version_at_least "$found" "$min_version"; then
    log "ignoring pulumi v$found on PATH ($dir): this project needs $min_version or later"
  elif ! find_plugin "$dir" pulumi-language-nodejs >/dev/null; then
    log "ignoring pulumi v$found on PATH ($dir): no pulumi-language-nodejs beside it or on PATH"
  else
    missing=()
    find_plugin "$dir" pulumi-resource-pulumi-nodejs >/dev/null || missing+=(pulumi-resource-pulumi-nodejs)
    if [ "$with_yaml" = 1 ]; then
      find_plugin "$dir" pulumi-language-yaml >/dev/null || missing+=(pulumi-language-yaml)
    fi
    if [ "${#missing[@]}" -eq 0 ]; then
      log "using pulumi v$found from PATH ($dir)"
      echo "$dir"
      exit 0
    fi
    # Supply what is missing from the cache, through a folder of links that holds nothing else, so that the
    # `pulumi` found on PATH stays the user's (which then notes "using <plugin> from $PATH" as it runs one). One
    # folder per CLI location: what one install lacks may be present in another, and a link would then shadow it.
    # Links are updated in place, never the folder removed: another checkout may be running with it on PATH.
    lock_cache
    extras="$cache/path-extras/$(printf %s "$dir" | cksum | cut -d' ' -f1)"
    mkdir -p "$extras"
    for plugin in pulumi-resource-pulumi-nodejs pulumi-language-yaml; do
      if [[ " ${missing[*]} " != *" $plugin "* ]]; then
        rm -f "$extras/$plugin"
        continue
      fi
      case "$plugin" in
        pulumi-resource-pulumi-nodejs) install_nodejs_plugin "$bin" ;;
        pulumi-language-yaml) yaml_ok || build_yaml_host ;;
      esac
      if [ -x "$bin/$plugin" ] && [ "$(readlink "$extras/$plugin" 2>/dev/null)" != "$bin/$plugin" ]; then
        ln -sfn "$bin/$plugin" "$extras/$plugin"
      fi
    done
    log "using pulumi v$found from PATH ($dir), with ${missing[*]} from $extras"
    echo "$extras"
    exit 0
  fi
fi

# 2. The cache, then 3. a build of the pinned version.
lock_cache
if pulumi_ok && hosts_ok && { [ "$with_yaml" = 0 ] || yaml_ok; }; then
  install_nodejs_plugin "$bin"
  echo "$bin"
  exit 0
fi

start=$(date +%s)
if ! pulumi_ok || ! hosts_ok; then
  setup_go "the Pulumi CLI"
  cd "$work"
  export GOFLAGS="${GOFLAGS:-} -mod=mod"
  ldflags="-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$version"
  if ! pulumi_ok || [ ! -f go.mod ]; then
    log "building pulumi v$version (Go module github.com/pulumi/pulumi/pkg/v3, the CLI) into $bin; a cold build" \
      "takes about 6 minutes on 2 cores"
    # A wrapper module: pkg/v3's own go.mod replaces sdk/v3 with a relative path, which `go install pkg@version`
    # refuses; as a dependency its replaces are ignored, so requiring pkg and sdk at the same tag works. The
    # clipboard fork replace is the one pulumi itself carries and must be kept.
    cat > go.mod <<MOD
module local/pulumi-cli

go 1.25

replace github.com/atotto/clipboard => github.com/tgummerer/clipboard v0.0.0-20241001131231-d02d263e614e
MOD
    rm -f go.sum
    cat > tools.go <<'GO'
//go:build tools

package tools

import (
	_ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"
)
GO
    go get "github.com/pulumi/pulumi/pkg/v3@v$version" "github.com/pulumi/pulumi/sdk/v3@v$version" >&2
  fi
  if ! pulumi_ok; then
    go build -trimpath -tags "osusergo grpcnotrace" -ldflags "$ldflags" -o "$bin/pulumi.tmp" \
      github.com/pulumi/pulumi/pkg/v3/cmd/pulumi >&2
    mv "$bin/pulumi.tmp" "$bin/pulumi"
    log "pulumi built in $(( $(date +%s) - start ))s"
  fi

  build_hosts "$ldflags"
  cd "$root"
fi
if [ "$with_yaml" = 1 ] && ! yaml_ok; then
  build_yaml_host
fi
install_nodejs_plugin "$bin"
"$bin/pulumi" version >/dev/null
log "pulumi v$version and its language hosts ready in $(( $(date +%s) - start ))s; cache size $(du -sh "$cache/pulumi-v$version" | cut -f1) (+ Go module and build caches)"
echo "$bin"
