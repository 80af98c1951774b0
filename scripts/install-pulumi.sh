#!/usr/bin/env bash
# Makes the Pulumi CLI that matches the pinned @pulumi/pulumi available, with no network but the Go module proxy.
#
# Prints the directory to put on PATH (it holds `pulumi`, `pulumi-language-nodejs` and
# `pulumi-resource-pulumi-nodejs`) as its only line on stdout; progress goes to stderr. Order: an existing `pulumi`
# of the right version on PATH, then the cache, then a build from the Go modules (the CLI is not on npm in a usable
# form: those packages download it at run time). Cache: $PULUMI_JSMS_CACHE (default ~/.cache/pulumi-jsms), one
# folder per version, shared by every checkout; a cold build takes about 7 minutes on 2 cores.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
version="${PULUMI_VERSION:-$(node -p "require('$root/package.json').dependencies['@pulumi/pulumi'].replace(/^[^0-9]*/, '')")}"
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

# The Node.js language host. Upstream's (module github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3)
# has no version tags and the Go module proxy does not serve it, so this minimal host is built instead, against the
# same sdk/v3 as the CLI. It implements what running a program needs, the way upstream does it: Run starts
# `node @pulumi/pulumi/cmd/run` (resolved from the program directory) with the same flags and environment
# (PULUMI_CONFIG, PULUMI_CONFIG_SECRET_KEYS, PULUMI_NODEJS_TYPESCRIPT from runtime option `typescript`, default true;
# `tsconfig`, `nodeargs`), and maps exit code 32 to "already reported". It reports no required plugins (the bundled
# pulumi-nodejs plugin needs no discovery) and leaves `pulumi new/install/convert`, policy packs and plugins written
# in Node.js unimplemented. Changing this text rebuilds the host on the next run.
langhost_source() {
  cat <<'GO'
// pulumi-language-nodejs for pulumi-jsms: a minimal Node.js language host (see scripts/install-pulumi.sh).
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/config"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	"github.com/pulumi/pulumi/sdk/v3/go/common/version"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/emptypb"
)

// exitAfterActionableMessage is the exit code @pulumi/pulumi/cmd/run uses when it already printed the error.
const exitAfterActionableMessage = 32

type host struct {
	pulumirpc.UnimplementedLanguageRuntimeServer
	engineAddress string
	tracing       string
}

func main() {
	tracing := flag.String("tracing", "", "Zipkin-compatible tracing endpoint (passed on to the program)")
	flag.String("root", "", "project root (unused)")
	flag.Bool("typescript", true, "unused: the runtime option `typescript` decides")
	flag.Parse()
	h := &host{tracing: *tracing}
	if args := flag.Args(); len(args) > 0 {
		h.engineAddress = args[0]
	}
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(srv, h)
			return nil
		},
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "could not start the language host RPC server: %v\n", err)
		os.Exit(1)
	}
	fmt.Printf("%d\n", handle.Port)
	if err := <-handle.Done; err != nil {
		fmt.Fprintf(os.Stderr, "language host RPC stopped serving: %v\n", err)
		os.Exit(1)
	}
}

func (h *host) Handshake(ctx context.Context, req *pulumirpc.LanguageHandshakeRequest,
) (*pulumirpc.LanguageHandshakeResponse, error) {
	if req.GetEngineAddress() != "" {
		h.engineAddress = req.GetEngineAddress()
	}
	return &pulumirpc.LanguageHandshakeResponse{}, nil
}

func (h *host) GetPluginInfo(ctx context.Context, _ *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: version.Version}, nil
}

func (h *host) GetRequiredPlugins(ctx context.Context, req *pulumirpc.GetRequiredPluginsRequest,
) (*pulumirpc.GetRequiredPluginsResponse, error) {
	return &pulumirpc.GetRequiredPluginsResponse{}, nil
}

func (h *host) GetRequiredPackages(ctx context.Context, req *pulumirpc.GetRequiredPackagesRequest,
) (*pulumirpc.GetRequiredPackagesResponse, error) {
	return &pulumirpc.GetRequiredPackagesResponse{}, nil
}

func (h *host) GetProgramDependencies(ctx context.Context, req *pulumirpc.GetProgramDependenciesRequest,
) (*pulumirpc.GetProgramDependenciesResponse, error) {
	return &pulumirpc.GetProgramDependenciesResponse{}, nil
}

func (h *host) About(ctx context.Context, req *pulumirpc.AboutRequest) (*pulumirpc.AboutResponse, error) {
	node, err := exec.LookPath("node")
	if err != nil {
		return nil, fmt.Errorf("could not find node on the $PATH: %w", err)
	}
	out, err := exec.Command(node, "--version").Output()
	if err != nil {
		return nil, err
	}
	return &pulumirpc.AboutResponse{Executable: node, Version: strings.TrimPrefix(strings.TrimSpace(string(out)), "v")}, nil
}

func (h *host) Cancel(ctx context.Context, _ *emptypb.Empty) (*emptypb.Empty, error) {
	return &emptypb.Empty{}, nil
}

type options struct {
	typescript   bool
	tsconfigpath string
	nodeargs     []string
}

func parseOptions(m map[string]any) (options, error) {
	opts := options{typescript: true}
	if v, ok := m["typescript"]; ok {
		b, ok := v.(bool)
		if !ok {
			return opts, fmt.Errorf("typescript option must be a boolean")
		}
		opts.typescript = b
	}
	if v, ok := m["tsconfig"]; ok {
		s, ok := v.(string)
		if !ok {
			return opts, fmt.Errorf("tsconfig option must be a string")
		}
		opts.tsconfigpath = s
	}
	if v, ok := m["nodeargs"]; ok {
		s, ok := v.(string)
		if !ok {
			return opts, fmt.Errorf("nodeargs option must be a string")
		}
		opts.nodeargs = strings.Fields(s)
	}
	return opts, nil
}

// locateRunScript resolves @pulumi/pulumi/cmd/run from the program directory, as Node would for the program.
func locateRunScript(node, dir string) (string, error) {
	if p := os.Getenv("PULUMI_LANGUAGE_NODEJS_RUN_PATH"); p != "" {
		return p, nil
	}
	cmd := exec.Command(node, "-e", "console.log(require.resolve('@pulumi/pulumi/cmd/run'))")
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("It looks like the Pulumi SDK has not been installed in %s: "+
			"could not resolve @pulumi/pulumi/cmd/run. Have you run npm install?", dir)
	}
	return strings.TrimSpace(string(out)), nil
}

func (h *host) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	node, err := exec.LookPath("node")
	if err != nil {
		return &pulumirpc.RunResponse{Error: "could not find node on the $PATH: " + err.Error()}, nil
	}
	info := req.GetInfo()
	programDir := info.GetProgramDirectory()
	if programDir == "" {
		programDir = req.GetPwd()
	}
	runPath, err := locateRunScript(node, programDir)
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}
	opts, err := parseOptions(info.GetOptions().AsMap())
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}

	args := append([]string{}, opts.nodeargs...)
	args = append(args, runPath)
	add := func(k, v string) {
		if v != "" {
			args = append(args, "--"+k, v)
		}
	}
	add("monitor", req.GetMonitorAddress())
	add("engine", h.engineAddress)
	add("organization", req.GetOrganization())
	add("project", req.GetProject())
	add("root-directory", info.GetRootDirectory())
	add("stack", req.GetStack())
	add("pwd", programDir)
	if req.GetDryRun() {
		args = append(args, "--dry-run")
	}
	add("query-mode", strconv.FormatBool(req.GetQueryMode()))
	add("parallel", strconv.Itoa(int(req.GetParallel())))
	add("tracing", h.tracing)
	entry := info.GetEntryPoint()
	if entry == "" {
		entry = "."
	}
	args = append(args, entry)
	args = append(args, req.GetArgs()...)

	// Config keys go to the program in the <namespace>:config:<name> form @pulumi/pulumi reads.
	cfg := map[string]string{}
	for k, v := range req.GetConfig() {
		key, err := config.ParseKey(k)
		if err != nil {
			return &pulumirpc.RunResponse{Error: "failed to serialize configuration: " + err.Error()}, nil
		}
		cfg[key.Namespace()+":config:"+key.Name()] = v
	}
	cfgJSON, err := json.Marshal(cfg)
	if err != nil {
		return nil, err
	}
	secretKeys := req.GetConfigSecretKeys()
	if secretKeys == nil {
		secretKeys = []string{}
	}
	secretJSON, err := json.Marshal(secretKeys)
	if err != nil {
		return nil, err
	}
	env := append(os.Environ(), "PULUMI_CONFIG="+string(cfgJSON), "PULUMI_CONFIG_SECRET_KEYS="+string(secretJSON))
	if opts.typescript {
		env = append(env, "PULUMI_NODEJS_TYPESCRIPT=true")
	}
	if opts.tsconfigpath != "" {
		env = append(env, "PULUMI_NODEJS_TSCONFIG_PATH="+opts.tsconfigpath)
	}

	cmd := exec.CommandContext(ctx, node, args...)
	cmd.Dir = programDir
	cmd.Env = env
	// Copy through pipes: Node may switch its stdio to non-blocking mode, which must not leak into ours.
	cmd.Stdout = struct{ io.Writer }{os.Stdout}
	cmd.Stderr = struct{ io.Writer }{os.Stderr}
	if err := cmd.Run(); err != nil {
		_ = os.Stdout.Sync()
		_ = os.Stderr.Sync()
		if exitErr, ok := err.(*exec.ExitError); ok {
			if exitErr.ExitCode() == exitAfterActionableMessage {
				return &pulumirpc.RunResponse{Bail: true}, nil
			}
			return &pulumirpc.RunResponse{
				Error: fmt.Sprintf("Program exited with non-zero exit code: %d", exitErr.ExitCode()),
			}, nil
		}
		return &pulumirpc.RunResponse{
			Error: fmt.Sprintf("Problem executing program (could not run %s): %v", filepath.Base(node), err),
		}, nil
	}
	return &pulumirpc.RunResponse{}, nil
}

// The remaining RPCs (InstallDependencies, RunPlugin, Pack, code generation, ...) serve `pulumi new/install/
// convert/package` and policy packs; they answer Unimplemented, which the CLI reports as such.
GO
}

pulumi_ok() { [ -x "$bin/pulumi" ] && [ "$("$bin/pulumi" version 2>/dev/null)" = "v$version" ]; }
langhost_ok() { [ -x "$bin/pulumi-language-nodejs" ] && langhost_source | cmp -s - "$work/langhost/main.go"; }

if command -v pulumi >/dev/null 2>&1 && command -v pulumi-language-nodejs >/dev/null 2>&1 \
  && [ "$(pulumi version 2>/dev/null)" = "v$version" ] && [ "$(dirname "$(command -v pulumi)")" != "$bin" ]; then
  dir="$(dirname "$(command -v pulumi)")"
  log "using pulumi v$version from PATH ($dir)"
  echo "$dir"
  exit 0
fi

mkdir -p "$work" "$bin"
# One build at a time per version: checkouts share the cache.
if command -v flock >/dev/null 2>&1; then
  exec 9>"$cache/pulumi-v$version/.lock"
  flock 9
fi

if pulumi_ok && langhost_ok; then
  install_nodejs_plugin "$bin"
  echo "$bin"
  exit 0
fi

command -v go >/dev/null 2>&1 || { log "Go is needed to build the Pulumi CLI (go.dev/dl); none on PATH"; exit 1; }
start=$(date +%s)
cd "$work"
export GOFLAGS="${GOFLAGS:-} -mod=mod" GOTOOLCHAIN=local
# The checksum database behind this machine's proxy answers 404 for pulumi's pkg/ and nodejs/ module versions;
# skip it for pulumi's own modules only (their go.sum pins every dependency as usual).
export GONOSUMDB="${GONOSUMDB:+$GONOSUMDB,}github.com/pulumi/pulumi"
ldflags="-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$version"

if ! pulumi_ok || [ ! -f go.mod ]; then
  log "building pulumi v$version from the Go modules into $bin (a cold build takes several minutes)"
  # A wrapper module: pkg/v3's own go.mod replaces sdk/v3 with a relative path, which `go install pkg@version`
  # refuses; as a dependency its replaces are ignored, so requiring pkg and sdk at the same tag works. The clipboard
  # fork replace is the one pulumi itself carries and must be kept.
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

if ! langhost_ok; then
  mkdir -p langhost
  langhost_source > langhost/main.go
  if ! go build -trimpath -tags "osusergo grpcnotrace" -ldflags "$ldflags" -o "$bin/pulumi-language-nodejs.tmp" \
    ./langhost >&2; then
    rm -f langhost/main.go
    log "building pulumi-language-nodejs failed"
    exit 1
  fi
  mv "$bin/pulumi-language-nodejs.tmp" "$bin/pulumi-language-nodejs"
  log "pulumi-language-nodejs built"
fi
install_nodejs_plugin "$bin"
"$bin/pulumi" version >/dev/null
log "pulumi v$version and its Node.js language host ready in $(( $(date +%s) - start ))s; cache size $(du -sh "$cache/pulumi-v$version" | cut -f1) (+ Go module and build caches)"
echo "$bin"
