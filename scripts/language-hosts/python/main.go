// Command pulumi-language-python is pulumi-jsms's minimal Python language host, built by scripts/install-pulumi.sh
// when no official Pulumi CLI is installed (upstream's host is a Go module the proxy does not serve).
//
// Run starts the program the way upstream does: the Python of the project's toolchain (runtime option `virtualenv`,
// relative to the project root, or `toolchain: uv|poetry`; else python3 on PATH) runs `pulumi-language-python-exec`
// (the runner script of the `pulumi` Python SDK's repository, which install-pulumi.sh copies beside this host from
// the same sdk/v3 module), which configures the `pulumi` package from its flags and runs the program directory's
// __main__.py. GenerateProgram turns the engine's PCL into Python with Pulumi's own generator, which is what
// `pulumi import` writes. Type checking before a run (option `typechecker`) is refused, not silently skipped.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/pulumi-jsms/pulumi-jsms/scripts/language-hosts/langhost"
	"github.com/pulumi/pulumi/pkg/v3/codegen/hcl2/syntax"
	"github.com/pulumi/pulumi/pkg/v3/codegen/pcl"
	codegen "github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"github.com/pulumi/pulumi/sdk/v3/python/toolchain"
)

// execScript is the runner the host starts the program with; it lives beside the host's executable.
const execScript = "pulumi-language-python-exec"

type host struct {
	langhost.Base
}

func main() {
	langhost.Serve(func(flags *flag.FlagSet) {
		flags.String("virtualenv", "", "unused: the runtime option `virtualenv` decides")
		flags.String("toolchain", "", "unused: the runtime option `toolchain` decides")
		flags.String("typechecker", "", "unused: the runtime option `typechecker` decides")
	}, func(base langhost.Base) pulumirpc.LanguageRuntimeServer { return &host{Base: base} })
}

// resolveToolchain is the Python environment the runtime options name, its virtual environment checked.
func resolveToolchain(info *pulumirpc.ProgramInfo) (toolchain.Toolchain, error) {
	opts := info.GetOptions().AsMap()
	options := toolchain.PythonOptions{
		Root:       info.GetRootDirectory(),
		ProgramDir: info.GetProgramDirectory(),
		Toolchain:  toolchain.Pip,
	}
	for name, value := range opts {
		s, ok := value.(string)
		if !ok {
			return nil, fmt.Errorf("the runtime option %s must be a string", name)
		}
		switch name {
		case "virtualenv":
			options.Virtualenv = s
		case "toolchain":
			switch s {
			case "pip":
				options.Toolchain = toolchain.Pip
			case "uv":
				options.Toolchain = toolchain.Uv
			case "poetry":
				options.Toolchain = toolchain.Poetry
			default:
				return nil, fmt.Errorf("unknown runtime option toolchain: %q (pip, uv or poetry)", s)
			}
		case "typechecker":
			return nil, fmt.Errorf("this Python language host does not run type checkers (runtime option "+
				"typechecker: %s): run %s in the virtual environment yourself, or use the official Pulumi CLI", s, s)
		default:
			return nil, fmt.Errorf("unknown runtime option %s for the Python language host", name)
		}
	}
	tc, err := toolchain.ResolveToolchain(options)
	if err != nil {
		return nil, err
	}
	if err := tc.ValidateVenv(context.Background()); err != nil {
		return nil, err
	}
	return tc, nil
}

// runner finds pulumi-language-python-exec beside this executable, else on PATH.
func runner() (string, error) {
	if self, err := os.Executable(); err == nil {
		beside := filepath.Join(filepath.Dir(self), execScript)
		if _, err := os.Stat(beside); err == nil {
			return beside, nil
		}
	}
	found, err := exec.LookPath(execScript)
	if err != nil {
		return "", fmt.Errorf("%s is neither beside the Python language host nor on PATH: run scripts/install-pulumi.sh",
			execScript)
	}
	return found, nil
}

func (h *host) About(ctx context.Context, req *pulumirpc.AboutRequest) (*pulumirpc.AboutResponse, error) {
	tc, err := resolveToolchain(req.GetInfo())
	if err != nil {
		return nil, err
	}
	about, err := tc.About(ctx)
	if err != nil {
		return nil, err
	}
	return &pulumirpc.AboutResponse{Executable: about.PythonExecutable, Version: about.PythonVersion.String()}, nil
}

func (h *host) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	programDir := langhost.ProgramDirectory(req)
	tc, err := resolveToolchain(req.GetInfo())
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}
	script, err := runner()
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}
	args := append([]string{"-u", script},
		h.RunnerArgs(req, programDir, "_", "--dry_run", strconv.FormatBool(req.GetDryRun()))...)

	cmd, err := tc.Command(ctx, args...)
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}
	// The Python SDK reads config keys as the engine sends them, `<namespace>:<name>`.
	cfgEnv, err := langhost.ConfigEnv(req, false)
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}
	if cmd.Env == nil {
		cmd.Env = os.Environ()
	}
	// Unbuffered output, so the engine shows the program's prints as they happen.
	cmd.Env = append(cmd.Env, append(cfgEnv, "PYTHONUNBUFFERED=1")...)
	cmd.Dir = programDir
	return langhost.RunProgram(cmd), nil
}

// GenerateProgram writes Python for a PCL program (what `pulumi import` and `pulumi convert` ask for), with the
// schemas the engine's loader serves.
func (h *host) GenerateProgram(ctx context.Context, req *pulumirpc.GenerateProgramRequest,
) (*pulumirpc.GenerateProgramResponse, error) {
	loader, err := schema.NewLoaderClient(req.GetLoaderTarget())
	if err != nil {
		return nil, err
	}
	defer loader.Close()

	parser := syntax.NewParser()
	for name, contents := range req.GetSource() {
		if err := parser.ParseFile(strings.NewReader(contents), name); err != nil {
			return nil, err
		}
		if parser.Diagnostics.HasErrors() {
			return &pulumirpc.GenerateProgramResponse{
				Diagnostics: plugin.HclDiagnosticsToRPCDiagnostics(parser.Diagnostics),
			}, nil
		}
	}
	bindOptions := []pcl.BindOption{pcl.PreferOutputVersionedInvokes}
	if !req.GetStrict() {
		bindOptions = append(bindOptions, pcl.NonStrictBindOptions()...)
	}
	program, diags, err := pcl.BindProgram(parser.Files, schema.NewCachedLoader(loader), bindOptions...)
	if err != nil {
		return nil, err
	}
	if diags.HasErrors() {
		return &pulumirpc.GenerateProgramResponse{Diagnostics: plugin.HclDiagnosticsToRPCDiagnostics(diags)}, nil
	}
	if program == nil {
		return nil, errors.New("the PCL program did not bind")
	}
	files, genDiags, err := codegen.GenerateProgram(program)
	if err != nil {
		return nil, err
	}
	all := append(hcl.Diagnostics{}, diags...)
	all = append(all, genDiags...)
	return &pulumirpc.GenerateProgramResponse{Source: files, Diagnostics: plugin.HclDiagnosticsToRPCDiagnostics(all)}, nil
}

// The remaining RPCs (InstallDependencies, Pack, GenerateProject, ...) serve `pulumi new/install/package`; they
// answer Unimplemented, which the CLI reports as such.
