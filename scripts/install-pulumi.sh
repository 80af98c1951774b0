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
# Order: a usable `pulumi` on PATH (the official CLI ships all four beside it; a missing plugin is supplied from the
# cache, a missing Node.js language host makes it unusable), then the cache, then a build from the Go modules of the
# pinned version (the CLI is not on npm in a usable form: those packages download it at run time). Cache:
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
version="${PULUMI_VERSION:-$(node -p "require('$root/package.json').dependencies['@pulumi/pulumi'].replace(/^[^0-9]*/, '')")}"
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

# The Node.js language host. Upstream's (module github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3)
# has no version tags and the Go module proxy does not serve it, so this minimal host is built instead, against the
# same sdk/v3 as the CLI. It implements what running a program needs, the way upstream does it: Run starts
# `node @pulumi/pulumi/cmd/run` (resolved from the program directory) with the same flags and environment
# (PULUMI_CONFIG, PULUMI_CONFIG_SECRET_KEYS, PULUMI_NODEJS_TYPESCRIPT from runtime option `typescript`, default true;
# `tsconfig`, `nodeargs`), and maps exit code 32 to "already reported"; RunPlugin starts policy packs
# (`pulumi preview --policy-pack DIR`) and plugins written in Node.js. It reports no required plugins (the bundled
# pulumi-nodejs plugin needs no discovery) and leaves `pulumi new/install/convert` unimplemented. Changing this text
# rebuilds the host on the next run.
langhost_source() {
  cat <<'GO'
// pulumi-language-nodejs for pulumi-jsms: a minimal Node.js language host (see scripts/install-pulumi.sh).
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"

	sdk "github.com/pulumi/pulumi/sdk/v3"
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

// resolveModule resolves a module of @pulumi/pulumi from dir, as Node would for a program or plugin living there.
func resolveModule(node, module, dir string) (string, error) {
	cmd := exec.Command(node, "-e", "console.log(require.resolve('"+module+"'))")
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("It looks like the Pulumi SDK has not been installed in %s: "+
			"could not resolve %s. Have you run npm install?", dir, module)
	}
	return strings.TrimSpace(string(out)), nil
}

// locateRunScript resolves @pulumi/pulumi/cmd/run from the program directory (or takes the override upstream honours).
func locateRunScript(node, dir string) (string, error) {
	if p := os.Getenv("PULUMI_LANGUAGE_NODEJS_RUN_PATH"); p != "" {
		return p, nil
	}
	return resolveModule(node, "@pulumi/pulumi/cmd/run", dir)
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

// RunPlugin starts a plugin written in Node.js in its directory: a policy pack (kind "analyzer") through
// @pulumi/pulumi/cmd/run-policy-pack, any other plugin through @pulumi/pulumi/cmd/run-plugin, both resolved from
// the plugin's directory. A policy pack reads the stack's name and config from the environment, which the engine
// only sends over gRPC (ConfigureStack): the SDK's PolicyProxy answers the engine first, then starts the pack with
// that environment and forwards every later call to it, as upstream's host does.
func (h *host) RunPlugin(req *pulumirpc.RunPluginRequest, server pulumirpc.LanguageRuntime_RunPluginServer) error {
	ctx := server.Context()
	closer, stdout, stderr, err := rpcutil.MakeRunPluginStreams(server, false)
	if err != nil {
		return err
	}
	defer closer.Close()

	node, err := exec.LookPath("node")
	if err != nil {
		return fmt.Errorf("could not find node on the $PATH: %w", err)
	}
	info := req.GetInfo()
	dir := info.GetProgramDirectory()
	opts, err := parseOptions(info.GetOptions().AsMap())
	if err != nil {
		return err
	}
	env := append([]string{}, req.GetEnv()...)
	if opts.typescript {
		env = append(env, "PULUMI_NODEJS_TYPESCRIPT=true")
	}
	if opts.tsconfigpath != "" {
		env = append(env, "PULUMI_NODEJS_TSCONFIG_PATH="+opts.tsconfigpath)
	}

	policyPack := req.GetKind() == "analyzer"
	module := "@pulumi/pulumi/cmd/run-plugin"
	if policyPack {
		module = "@pulumi/pulumi/cmd/run-policy-pack"
	}
	runPath, err := resolveModule(node, module, dir)
	if err != nil {
		return err
	}
	args := append(append([]string{}, opts.nodeargs...), runPath)
	// run-policy-pack takes the pack's directory last, run-plugin first.
	if policyPack {
		args = append(append(args, req.GetArgs()...), dir)
	} else {
		args = append(append(args, dir), req.GetArgs()...)
	}

	var proxy *sdk.PolicyProxy
	if policyPack {
		proxy, stdout, err = sdk.NewPolicyProxy(ctx, stdout)
		if err != nil {
			return fmt.Errorf("could not start policy pack proxy: %w", err)
		}
		stack, err := proxy.AwaitConfiguration(ctx)
		if err != nil {
			return fmt.Errorf("could not get stack configuration: %w", err)
		}
		if stack != nil {
			add := func(k, v string) {
				if v != "" {
					env = append(env, k+"="+v)
				}
			}
			add("PULUMI_NODEJS_ORGANIZATION", stack.GetOrganization())
			add("PULUMI_NODEJS_PROJECT", stack.GetProject())
			add("PULUMI_NODEJS_STACK", stack.GetStack())
			add("PULUMI_NODEJS_DRY_RUN", strconv.FormatBool(stack.GetDryRun()))
			if stack.GetConfig() != nil {
				cfgJSON, err := json.Marshal(stack.GetConfig())
				if err != nil {
					return fmt.Errorf("could not marshal stack configuration: %w", err)
				}
				add("PULUMI_CONFIG", string(cfgJSON))
			}
		}
	}

	cmd := exec.CommandContext(ctx, node, args...)
	// Policy packs have always run in their own directory; other plugins run where the engine runs.
	cmd.Dir = req.GetPwd()
	if policyPack {
		cmd.Dir = dir
	}
	cmd.Env = env
	cmd.Stdout, cmd.Stderr = stdout, stderr
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("Problem executing plugin program (could not run %s): %w", filepath.Base(node), err)
	}
	if proxy != nil {
		err = proxy.Attach(ctx, cmd)
	} else {
		err = cmd.Wait()
	}
	if err != nil {
		var exitErr *exec.ExitError
		if errors.As(err, &exitErr) {
			return fmt.Errorf("Program exited with non-zero exit code: %d", exitErr.ExitCode())
		}
		return err
	}
	return closer.Close()
}

// The remaining RPCs (InstallDependencies, Pack, code generation, ...) serve `pulumi new/install/convert/package`;
// they answer Unimplemented, which the CLI reports as such.
GO
}

pulumi_ok() { [ -x "$bin/pulumi" ] && [ "$("$bin/pulumi" version 2>/dev/null)" = "v$version" ]; }
langhost_ok() { [ -x "$bin/pulumi-language-nodejs" ] && langhost_source | cmp -s - "$work/langhost/main.go"; }
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
if pulumi_ok && langhost_ok && { [ "$with_yaml" = 0 ] || yaml_ok; }; then
  install_nodejs_plugin "$bin"
  echo "$bin"
  exit 0
fi

start=$(date +%s)
if ! pulumi_ok || ! langhost_ok; then
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

  if ! langhost_ok; then
    log "building pulumi-language-nodejs (this project's Node.js language host, source in this script) into $bin"
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
  cd "$root"
fi
if [ "$with_yaml" = 1 ] && ! yaml_ok; then
  build_yaml_host
fi
install_nodejs_plugin "$bin"
"$bin/pulumi" version >/dev/null
log "pulumi v$version and its language hosts ready in $(( $(date +%s) - start ))s; cache size $(du -sh "$cache/pulumi-v$version" | cut -f1) (+ Go module and build caches)"
echo "$bin"
