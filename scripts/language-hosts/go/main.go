// pulumi-language-go for pulumi-jsms: a minimal Go language host, enough to run a Go program on the jsms SDK under
// the real CLI (the upstream host is not published as a Go module the proxy serves).
//
// Run compiles the program with `go build` in its directory (or takes the prebuilt binary named by the runtime
// option `binary`) and runs it with the environment the Go SDK's pulumi.Run reads: the engine's and the resource
// monitor's addresses, project, stack, organization, root directory, config and its secret keys, dry run and
// parallelism. Exit code 32 means the program already reported its error. The host reports no required plugins:
// the Go SDK registers each resource with its plugin's version and download address, and the engine acquires a
// missing plugin then.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/pulumi-jsms/pulumi-jsms/scripts/language-hosts/langhost"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

type host struct {
	langhost.Base
}

func main() {
	langhost.Serve(func(flags *flag.FlagSet) {
		flags.String("binary", "", "unused: the runtime option `binary` decides")
	}, func(base langhost.Base) pulumirpc.LanguageRuntimeServer { return &host{Base: base} })
}

func (h *host) About(ctx context.Context, req *pulumirpc.AboutRequest) (*pulumirpc.AboutResponse, error) {
	goBin, err := exec.LookPath("go")
	if err != nil {
		return nil, fmt.Errorf("could not find go on the $PATH: %w", err)
	}
	out, err := exec.Command(goBin, "env", "GOVERSION").Output()
	if err != nil {
		return nil, err
	}
	return &pulumirpc.AboutResponse{Executable: goBin, Version: strings.TrimPrefix(strings.TrimSpace(string(out)), "go")}, nil
}

// program returns the executable to run: the runtime option `binary` (relative to the program directory), else
// the program compiled into a temporary folder, which cleanup removes.
func program(ctx context.Context, dir string, options map[string]any) (string, func(), error) {
	if b, ok := options["binary"]; ok {
		s, ok := b.(string)
		if !ok {
			return "", nil, fmt.Errorf("the runtime option binary must be a string")
		}
		if !filepath.IsAbs(s) {
			s = filepath.Join(dir, s)
		}
		return s, func() {}, nil
	}
	tmp, err := os.MkdirTemp("", "pulumi-go-program-")
	if err != nil {
		return "", nil, err
	}
	cleanup := func() { _ = os.RemoveAll(tmp) }
	out := filepath.Join(tmp, "program")
	build := exec.CommandContext(ctx, "go", "build", "-o", out, ".")
	build.Dir = dir
	// The compiler's messages are the program's errors: they go where the program's output goes.
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		cleanup()
		return "", nil, fmt.Errorf("unable to compile the Go program in %s (go build): %w", dir, err)
	}
	return out, cleanup, nil
}

func (h *host) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	info := req.GetInfo()
	dir := langhost.ProgramDirectory(req)
	exe, cleanup, err := program(ctx, dir, info.GetOptions().AsMap())
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}
	defer cleanup()

	cfgEnv, err := langhost.ConfigEnv(req, false)
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}
	env := append(append(os.Environ(), cfgEnv...),
		"PULUMI_MONITOR="+req.GetMonitorAddress(),
		"PULUMI_ENGINE="+h.EngineAddress,
		"PULUMI_PROJECT="+req.GetProject(),
		"PULUMI_STACK="+req.GetStack(),
		"PULUMI_ORGANIZATION="+req.GetOrganization(),
		"PULUMI_ROOT_DIRECTORY="+info.GetRootDirectory(),
		"PULUMI_DRY_RUN="+strconv.FormatBool(req.GetDryRun()),
		"PULUMI_PARALLEL="+strconv.Itoa(int(req.GetParallel())),
	)

	cmd := exec.CommandContext(ctx, exe, req.GetArgs()...)
	cmd.Dir = dir
	cmd.Env = env
	return langhost.RunProgram(cmd), nil
}

// The remaining RPCs (InstallDependencies, Pack, code generation, ...) serve `pulumi new/install/convert/package`;
// they answer Unimplemented, which the CLI reports as such.
