// Command pulumi-language-nodejs is pulumi-jsms's minimal Node.js language host, built by scripts/install-pulumi.sh
// when no official Pulumi CLI is installed. Upstream's host has no version tags and the Go module proxy does not
// serve it, so this one is built instead, against the same sdk/v3 as the CLI.
//
// It implements what running a program needs, the way upstream does it: Run starts `node @pulumi/pulumi/cmd/run`
// (resolved from the program directory) with the same flags and environment (PULUMI_CONFIG,
// PULUMI_CONFIG_SECRET_KEYS, PULUMI_NODEJS_TYPESCRIPT from runtime option `typescript`, default true; `tsconfig`,
// `nodeargs`), and maps exit code 32 to "already reported"; RunPlugin starts policy packs (`pulumi preview
// --policy-pack DIR`) and plugins written in Node.js. It reports no required plugins (the bundled pulumi-nodejs
// plugin needs no discovery) and leaves `pulumi new/install/convert` unimplemented.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/pulumi-jsms/pulumi-jsms/scripts/language-hosts/langhost"
	sdk "github.com/pulumi/pulumi/sdk/v3"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

type host struct {
	langhost.Base
}

func main() {
	langhost.Serve(func(flags *flag.FlagSet) {
		flags.Bool("typescript", true, "unused: the runtime option `typescript` decides")
	}, func(base langhost.Base) pulumirpc.LanguageRuntimeServer { return &host{Base: base} })
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
	programDir := langhost.ProgramDirectory(req)
	runPath, err := locateRunScript(node, programDir)
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}
	opts, err := parseOptions(req.GetInfo().GetOptions().AsMap())
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}

	var extra []string
	if req.GetDryRun() {
		extra = append(extra, "--dry-run")
	}
	extra = append(extra, "--query-mode", strconv.FormatBool(req.GetQueryMode()))
	args := append(append([]string{}, opts.nodeargs...), runPath)
	args = append(args, h.RunnerArgs(req, programDir, "-", extra...)...)

	// Config keys go to the program in the <namespace>:config:<name> form @pulumi/pulumi reads.
	cfgEnv, err := langhost.ConfigEnv(req, true)
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}
	env := append(os.Environ(), cfgEnv...)
	if opts.typescript {
		env = append(env, "PULUMI_NODEJS_TYPESCRIPT=true")
	}
	if opts.tsconfigpath != "" {
		env = append(env, "PULUMI_NODEJS_TSCONFIG_PATH="+opts.tsconfigpath)
	}

	cmd := exec.CommandContext(ctx, node, args...)
	cmd.Dir = programDir
	cmd.Env = env
	return langhost.RunProgram(cmd), nil
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
