#!/usr/bin/env bash
# Makes the Pulumi CLI that matches the pinned @pulumi/pulumi available, with no network but the Go module proxy.
#
# Prints the directory to put on PATH (it holds `pulumi`, `pulumi-language-nodejs` and
# `pulumi-resource-pulumi-nodejs`). Order: an existing `pulumi` of the right version on PATH, then the cache, then a
# build from the Go modules (the CLI is not on npm in a usable form: those packages download it at run time).
# Cache: $PULUMI_JSMS_CACHE (default ~/.cache/pulumi-jsms), one folder per version; a cold build takes minutes.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
version="${PULUMI_VERSION:-$(node -p "require('$root/package.json').dependencies['@pulumi/pulumi'].replace(/^[^0-9]*/, '')")}"
cache="${PULUMI_JSMS_CACHE:-$HOME/.cache/pulumi-jsms}"
bin="$cache/pulumi-v$version/bin"
log() { echo "install-pulumi: $*" >&2; }

# The dynamic-provider plugin is a shell script that ships inside @pulumi/pulumi; the CLI looks for it next to itself.
link_nodejs_plugin() {
  local script="$root/node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs"
  if [ -f "$script" ]; then
    chmod +x "$script"
    ln -sf "$script" "$1/pulumi-resource-pulumi-nodejs"
  else
    log "warning: $script not found; run npm ci first"
  fi
}

if command -v pulumi >/dev/null 2>&1 && command -v pulumi-language-nodejs >/dev/null 2>&1 \
  && [ "$(pulumi version 2>/dev/null)" = "v$version" ] && [ "$(dirname "$(command -v pulumi)")" != "$bin" ]; then
  dir="$(dirname "$(command -v pulumi)")"
  log "using pulumi v$version from PATH ($dir)"
  echo "$dir"
  exit 0
fi

if [ -x "$bin/pulumi" ] && [ -x "$bin/pulumi-language-nodejs" ] && [ "$("$bin/pulumi" version 2>/dev/null)" = "v$version" ]; then
  link_nodejs_plugin "$bin"
  echo "$bin"
  exit 0
fi

command -v go >/dev/null 2>&1 || { log "Go is needed to build the Pulumi CLI (go.dev/dl); none on PATH"; exit 1; }
log "building pulumi v$version from the Go modules into $bin (a cold build takes several minutes)"
start=$(date +%s)
work="$cache/pulumi-v$version/src"
mkdir -p "$work" "$bin"
cd "$work"
export GOFLAGS="${GOFLAGS:-} -mod=mod" GOTOOLCHAIN=local
# The checksum database behind this machine's proxy answers 404 for pulumi's pkg/ and nodejs/ module versions;
# skip it for pulumi's own modules only (their go.sum pins every dependency as usual).
export GONOSUMDB="${GONOSUMDB:+$GONOSUMDB,}github.com/pulumi/pulumi"
# A wrapper module: pkg/v3's own go.mod replaces sdk/v3 with a relative path, which `go install pkg@version`
# refuses; as a dependency its replaces are ignored, so requiring pkg and sdk at the same tag works. The clipboard
# fork replace is the one pulumi itself carries and must be kept.
cat > go.mod <<MOD
module local/pulumi-cli

go 1.25

replace github.com/atotto/clipboard => github.com/tgummerer/clipboard v0.0.0-20241001131231-d02d263e614e
MOD
cat > tools.go <<'GO'
//go:build tools

package tools

import (
	_ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"
)
GO
go get "github.com/pulumi/pulumi/pkg/v3@v$version" "github.com/pulumi/pulumi/sdk/v3@v$version"
ldflags="-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$version"
go build -trimpath -tags "osusergo grpcnotrace" -ldflags "$ldflags" -o "$bin/pulumi.tmp" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
mv "$bin/pulumi.tmp" "$bin/pulumi"
log "pulumi built in $(( $(date +%s) - start ))s"

# The Node.js language host has no version tag of its own: build it from the monorepo commit behind sdk/vX.
hash="$(go list -m -json "github.com/pulumi/pulumi/sdk/v3@v$version" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).Origin.Hash))')"
go get "github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3@$hash" \
  "github.com/pulumi/pulumi/pkg/v3@v$version" "github.com/pulumi/pulumi/sdk/v3@v$version"
go build -trimpath -tags "osusergo grpcnotrace" -ldflags "$ldflags" -o "$bin/pulumi-language-nodejs.tmp" \
  github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3
mv "$bin/pulumi-language-nodejs.tmp" "$bin/pulumi-language-nodejs"
link_nodejs_plugin "$bin"
log "pulumi v$version and its Node.js language host built in $(( $(date +%s) - start ))s; cache size $(du -sh "$cache/pulumi-v$version" | cut -f1) (+ Go module cache)"
echo "$bin"
