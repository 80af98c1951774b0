// Package langhost holds what this project's language hosts (nodejs, go, python: one folder each beside this one)
// share: the start-up the engine expects (flags, a gRPC server on a free port, the port printed on stdout), the RPCs
// they answer alike, the program's config as environment variables, and how a program's exit becomes a RunResponse.
package langhost

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/config"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	"github.com/pulumi/pulumi/sdk/v3/go/common/version"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/emptypb"
)

// EngineCheckInterval is how often a host asks its engine whether it is still there: a killed CLI's host is gone
// within it (Pulumi's own hosts wait five minutes; a test suite that kills CLIs would leave dozens behind).
const EngineCheckInterval = 30 * time.Second

// ExitAfterReportedError is the exit code every Pulumi language SDK uses when the program already reported its error.
const ExitAfterReportedError = 32

// Base answers the RPCs every host answers the same way; a host embeds it and adds Run (and what else it serves).
// The host reports no required plugins: each SDK registers its resources with the plugin's version and download
// address, and the engine acquires a missing plugin then.
type Base struct {
	pulumirpc.UnimplementedLanguageRuntimeServer
	// EngineAddress is the engine's gRPC address: the first argument, or the one Handshake sends.
	EngineAddress string
	// Tracing is the -tracing endpoint the engine passed, for hosts that hand it on.
	Tracing string
}

// Serve parses the command line the engine starts a host with (-tracing, -root and the flags `hostFlags` declares,
// then the engine's address), serves `newHost(base)` and prints its port. It returns only when serving ends.
func Serve(hostFlags func(*flag.FlagSet), newHost func(Base) pulumirpc.LanguageRuntimeServer) {
	flags := flag.NewFlagSet(os.Args[0], flag.ExitOnError)
	tracing := flags.String("tracing", "", "Zipkin-compatible tracing endpoint")
	flags.String("root", "", "project root (unused: the engine sends it with each run)")
	if hostFlags != nil {
		hostFlags(flags)
	}
	_ = flags.Parse(os.Args[1:])
	base := Base{Tracing: *tracing}
	if args := flags.Args(); len(args) > 0 {
		base.EngineAddress = args[0]
	}
	h := newHost(base)
	// A host whose engine is gone (the CLI killed) stops serving and exits instead of living on, as Pulumi's own do.
	engineGone, stop := context.WithCancel(context.Background())
	defer stop()
	cancel := make(chan bool)
	go func() {
		<-engineGone.Done()
		close(cancel)
	}()
	if base.EngineAddress != "" {
		if err := rpcutil.Healthcheck(engineGone, base.EngineAddress, EngineCheckInterval, stop); err != nil {
			fmt.Fprintf(os.Stderr, "could not watch the engine at %s: %v\n", base.EngineAddress, err)
			os.Exit(1)
		}
	}
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Cancel: cancel,
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

func (b *Base) Handshake(ctx context.Context, req *pulumirpc.LanguageHandshakeRequest,
) (*pulumirpc.LanguageHandshakeResponse, error) {
	if req.GetEngineAddress() != "" {
		b.EngineAddress = req.GetEngineAddress()
	}
	return &pulumirpc.LanguageHandshakeResponse{}, nil
}

func (b *Base) GetPluginInfo(ctx context.Context, _ *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: version.Version}, nil
}

func (b *Base) GetRequiredPlugins(ctx context.Context, req *pulumirpc.GetRequiredPluginsRequest,
) (*pulumirpc.GetRequiredPluginsResponse, error) {
	return &pulumirpc.GetRequiredPluginsResponse{}, nil
}

func (b *Base) GetRequiredPackages(ctx context.Context, req *pulumirpc.GetRequiredPackagesRequest,
) (*pulumirpc.GetRequiredPackagesResponse, error) {
	return &pulumirpc.GetRequiredPackagesResponse{}, nil
}

func (b *Base) GetProgramDependencies(ctx context.Context, req *pulumirpc.GetProgramDependenciesRequest,
) (*pulumirpc.GetProgramDependenciesResponse, error) {
	return &pulumirpc.GetProgramDependenciesResponse{}, nil
}

func (b *Base) Cancel(ctx context.Context, _ *emptypb.Empty) (*emptypb.Empty, error) {
	return &emptypb.Empty{}, nil
}

// ProgramDirectory is where a program runs: the program directory the engine names, else its working directory.
func ProgramDirectory(req *pulumirpc.RunRequest) string {
	if dir := req.GetInfo().GetProgramDirectory(); dir != "" {
		return dir
	}
	return req.GetPwd()
}

// RunnerArgs is the command line the Node.js and Python SDKs' program runners both take: the flags they share (each
// only when it has a value, its words joined by sep: "-" for Node.js, "_" for Python), then `extra` (the flags only
// one runner knows), the program's entry point and the engine's arguments for it.
func (b *Base) RunnerArgs(req *pulumirpc.RunRequest, programDir, sep string, extra ...string) []string {
	info := req.GetInfo()
	var args []string
	for _, flag := range [][2]string{
		{"monitor", req.GetMonitorAddress()},
		{"engine", b.EngineAddress},
		{"organization", req.GetOrganization()},
		{"project", req.GetProject()},
		{"root_directory", info.GetRootDirectory()},
		{"stack", req.GetStack()},
		{"pwd", programDir},
		{"parallel", strconv.Itoa(int(req.GetParallel()))},
		{"tracing", b.Tracing},
	} {
		if flag[1] != "" {
			args = append(args, "--"+strings.ReplaceAll(flag[0], "_", sep), flag[1])
		}
	}
	entry := info.GetEntryPoint()
	if entry == "" {
		entry = "."
	}
	args = append(append(args, extra...), entry)
	return append(args, req.GetArgs()...)
}

// ConfigEnv is PULUMI_CONFIG and PULUMI_CONFIG_SECRET_KEYS for a program, as KEY=VALUE. With legacyKeys, each key
// takes the `<namespace>:config:<name>` form the Node.js SDK reads; without, the engine's `<namespace>:<name>`.
func ConfigEnv(req *pulumirpc.RunRequest, legacyKeys bool) ([]string, error) {
	cfg := req.GetConfig()
	if legacyKeys {
		cfg = map[string]string{}
		for k, v := range req.GetConfig() {
			key, err := config.ParseKey(k)
			if err != nil {
				return nil, fmt.Errorf("failed to serialize configuration: %w", err)
			}
			cfg[key.Namespace()+":config:"+key.Name()] = v
		}
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
	return []string{"PULUMI_CONFIG=" + string(cfgJSON), "PULUMI_CONFIG_SECRET_KEYS=" + string(secretJSON)}, nil
}

// RunProgram runs a program's process with the host's stdout and stderr and turns how it ended into the answer to
// Run: exit code 32 means the program already reported its error (Bail), any other failure is an error.
func RunProgram(cmd *exec.Cmd) *pulumirpc.RunResponse {
	// Copy through pipes: a child may switch its stdio to non-blocking mode, which must not leak into ours.
	cmd.Stdout = struct{ io.Writer }{os.Stdout}
	cmd.Stderr = struct{ io.Writer }{os.Stderr}
	err := cmd.Run()
	if err == nil {
		return &pulumirpc.RunResponse{}
	}
	_ = os.Stdout.Sync()
	_ = os.Stderr.Sync()
	var exitErr *exec.ExitError
	if errors.As(err, &exitErr) {
		if exitErr.ExitCode() == ExitAfterReportedError {
			return &pulumirpc.RunResponse{Bail: true}
		}
		return &pulumirpc.RunResponse{
			Error: fmt.Sprintf("Program exited with non-zero exit code: %d", exitErr.ExitCode()),
		}
	}
	return &pulumirpc.RunResponse{Error: fmt.Sprintf("Problem executing program (could not run %s): %v", cmd.Path, err)}
}
