// pulumi-jsms-sdkgen generates the jsms plugin's SDKs (Go, Python, TypeScript) from its schema.json with Pulumi's
// own code generators, without the language hosts `pulumi package gen-sdk` would start.
//
//	pulumi-jsms-sdkgen -schema plugin/schema.json -out sdk [-languages go,python,nodejs] [-go-import-base-path P]
//
// Each language goes into <out>/<language>; an existing folder of a generated language is replaced.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"sort"
	"strings"

	"github.com/blang/semver"
	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	"github.com/pulumi/pulumi/pkg/v3/codegen/nodejs"
	"github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
	"golang.org/x/mod/modfile"
)

// tool is the name the generated files say they were written by.
const tool = "pulumi-jsms-sdkgen"

// pulumiSDKModule is the Go module of Pulumi's SDK, which the generated Go SDK requires.
const pulumiSDKModule = "github.com/pulumi/pulumi/sdk/v3"

// DefaultGoImportBasePath is the Go import path of the generated package when the schema names none.
const DefaultGoImportBasePath = "github.com/pulumi-jsms/pulumi-jsms/sdk/go/jsms"

// DefaultNodejsPackageName is the npm name of the generated TypeScript SDK when the schema names none (the
// unscoped default of the generator would be @pulumi/jsms, a scope this project does not own).
const DefaultNodejsPackageName = "@pulumi-jsms/jsms"

// generators maps a language name to the function writing its SDK files.
var generators = map[string]func(pkg *schema.Package) (map[string][]byte, error){
	"go": func(pkg *schema.Package) (map[string][]byte, error) {
		files, err := gogen.GeneratePackage(tool, pkg, nil)
		if err != nil {
			return nil, err
		}
		goMod, err := goModFile(pkg)
		if err != nil {
			return nil, err
		}
		files["go.mod"] = goMod
		return files, nil
	},
	"python": func(pkg *schema.Package) (map[string][]byte, error) {
		return python.GeneratePackage(tool, pkg, nil, noReferences{})
	},
	"nodejs": func(pkg *schema.Package) (map[string][]byte, error) {
		files, err := nodejs.GeneratePackage(tool, pkg, nil, nil, false, noReferences{})
		if err != nil {
			return nil, err
		}
		return files, quietConstructorStacks(files)
	},
}

// superCall is the one call of the SDK's resource constructor in a generated TypeScript resource class.
var superCall = regexp.MustCompile(`(?m)^( *)super\((\w+)\.__pulumiType, name, resourceInputs, opts\);$`)

// quietConstructorStacks makes every resource class of the TypeScript SDK run Pulumi's resource constructor with
// Error.stackTraceLimit at 0, as the dynamic resources do (provider/dynamic/dynamicResource.ts): that constructor
// records a stack for each promise it makes, for its leak report, and under ts-node every one is formatted through
// source maps, which made a TypeScript program on the SDK slower than one on the dynamic resources
// (docs/performance.md). A generator whose output no longer has the expected call fails here instead of silently.
func quietConstructorStacks(files map[string][]byte) error {
	classes := 0
	for name, text := range files {
		if !strings.HasSuffix(name, ".ts") || !strings.Contains(string(text), "__pulumiType, name, resourceInputs, opts)") {
			continue
		}
		if n := len(superCall.FindAll(text, -1)); n != 1 {
			return fmt.Errorf("%s: expected one resource constructor call, found %d", name, n)
		}
		files[name] = superCall.ReplaceAll(text, []byte(strings.Join([]string{
			"${1}const stackTraceLimit = utilities.quietStacks();",
			"${1}try {",
			"${1}    super(${2}.__pulumiType, name, resourceInputs, opts);",
			"${1}} catch (err) {",
			"${1}    utilities.restoreStacks(stackTraceLimit, err);",
			"${1}    throw err;",
			"${1}}",
			"${1}utilities.restoreStacks(stackTraceLimit);",
		}, "\n")))
		classes++
	}
	utilities, ok := files["utilities.ts"]
	if classes == 0 || !ok {
		return errors.New("the TypeScript SDK has no resource constructor or no utilities.ts to quiet")
	}
	files["utilities.ts"] = append(append([]byte{}, utilities...), quietStacksHelpers...)
	return nil
}

// quietStacksHelpers is added to the TypeScript SDK's utilities.ts for quietConstructorStacks.
const quietStacksHelpers = `
/**
 * Sets Error.stackTraceLimit to 0 while a resource is constructed and returns the limit to restore: Pulumi records a
 * stack for each promise of a new resource (for its leak report), which costs a source-mapped format each under
 * ts-node. With PULUMI_DEBUG_PROMISE_LEAKS set the stacks are kept.
 * @internal
 */
export function quietStacks(): number {
    const limit = Error.stackTraceLimit;
    if (!process.env.PULUMI_DEBUG_PROMISE_LEAKS) {
        Error.stackTraceLimit = 0;
    }
    return limit;
}

/**
 * Restores the limit quietStacks returned; an error the constructor threw meanwhile gets the stack it could not record.
 * @internal
 */
export function restoreStacks(limit: number, error?: unknown): void {
    const quieted = Error.stackTraceLimit === 0 && limit !== 0;
    Error.stackTraceLimit = limit;
    if (quieted && error instanceof Error) {
        Error.captureStackTrace(error);
    }
}
`

func main() {
	schemaPath := flag.String("schema", "", "path of the provider's schema.json (required)")
	outDir := flag.String("out", "", "output folder; each language is written to <out>/<language> (required)")
	languages := flag.String("languages", "go,python,nodejs", "comma-separated languages among go, python, nodejs")
	goImportBasePath := flag.String("go-import-base-path", DefaultGoImportBasePath,
		"Go import path of the package, used when the schema's language.go.importBasePath is not set")
	flag.Parse()
	if *schemaPath == "" || *outDir == "" || flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(*schemaPath, *outDir, strings.Split(*languages, ","), *goImportBasePath); err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", tool, err)
		os.Exit(1)
	}
}

func run(schemaPath, outDir string, languages []string, goImportBasePath string) error {
	for _, lang := range languages {
		if _, ok := generators[lang]; !ok {
			return fmt.Errorf("unknown language %q (known: go, python, nodejs)", lang)
		}
	}
	spec, err := readSpec(schemaPath)
	if err != nil {
		return err
	}
	applyLanguageDefaults(&spec, goImportBasePath)
	for _, lang := range languages {
		// Generators record their options on the bound package, so each language binds its own copy.
		pkg, err := bind(spec, schemaPath)
		if err != nil {
			return err
		}
		files, err := generators[lang](pkg)
		if err != nil {
			return fmt.Errorf("generating the %s SDK: %w", lang, err)
		}
		dir := filepath.Join(outDir, lang)
		if err := writeFiles(dir, files); err != nil {
			return err
		}
		fmt.Printf("%s: %d files in %s\n", lang, len(files), dir)
	}
	return nil
}

func readSpec(schemaPath string) (schema.PackageSpec, error) {
	var spec schema.PackageSpec
	data, err := os.ReadFile(schemaPath)
	if err != nil {
		return spec, err
	}
	if err := json.Unmarshal(data, &spec); err != nil {
		return spec, fmt.Errorf("%s is not a package schema: %w", schemaPath, err)
	}
	return spec, nil
}

// applyLanguageDefaults fills options the schema leaves out; whatever the schema's `language` section says wins.
func applyLanguageDefaults(spec *schema.PackageSpec, goImportBasePath string) {
	// respectSchemaVersion: the SDKs carry the schema's version, so a program asks the engine for that plugin version.
	defaults := map[string]map[string]any{
		"go":     {"importBasePath": goImportBasePath, "respectSchemaVersion": true},
		"nodejs": {"packageName": DefaultNodejsPackageName, "respectSchemaVersion": true},
		"python": {"respectSchemaVersion": true},
	}
	if spec.Language == nil {
		spec.Language = map[string]schema.RawMessage{}
	}
	for lang, options := range defaults {
		merged := map[string]any{}
		if raw, ok := spec.Language[lang]; ok {
			if err := json.Unmarshal(raw, &merged); err != nil {
				continue // left as it is: binding reports it
			}
		}
		for key, value := range options {
			if _, set := merged[key]; !set {
				merged[key] = value
			}
		}
		raw, err := json.Marshal(merged)
		if err != nil {
			continue
		}
		spec.Language[lang] = raw
	}
}

// bind validates the schema against Pulumi's metaschema and binds it, as `pulumi package gen-sdk` does.
func bind(spec schema.PackageSpec, schemaPath string) (*schema.Package, error) {
	pkg, diags, err := schema.BindSpec(spec, noReferences{}, schema.ValidationOptions{})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", schemaPath, err)
	}
	if diags.HasErrors() {
		var lines []string
		for _, d := range diags {
			lines = append(lines, d.Error())
		}
		return nil, fmt.Errorf("%s is not a valid package schema:\n  %s", schemaPath, strings.Join(lines, "\n  "))
	}
	return pkg, nil
}

// goModFile is the Go SDK's go.mod: its module path, and Pulumi's Go SDK at the version this generator is built
// with, which is the one its code generators target.
func goModFile(pkg *schema.Package) ([]byte, error) {
	info, ok := pkg.Language["go"].(gogen.GoPackageInfo)
	if !ok || info.ImportBasePath == "" {
		return nil, errors.New("no Go import path")
	}
	// Files come as <package>/<file>, so the module is the import path's parent, as Pulumi's own packs do.
	modulePath := info.ModulePath
	if modulePath == "" {
		modulePath = path.Dir(info.ImportBasePath)
	}
	version, err := builtAgainst(pulumiSDKModule)
	if err != nil {
		return nil, err
	}
	var f modfile.File
	if err := f.AddModuleStmt(modulePath); err != nil {
		return nil, err
	}
	if err := f.AddGoStmt("1.25"); err != nil {
		return nil, err
	}
	if err := f.AddRequire(pulumiSDKModule, version); err != nil {
		return nil, err
	}
	return f.Format()
}

// builtAgainst is the version of a module this binary was built with.
func builtAgainst(module string) (string, error) {
	build, ok := debug.ReadBuildInfo()
	if !ok {
		return "", errors.New("no build information in this binary")
	}
	for _, dep := range build.Deps {
		if dep.Path == module {
			if dep.Replace != nil {
				return dep.Replace.Version, nil
			}
			return dep.Version, nil
		}
	}
	return "", fmt.Errorf("this binary was not built with %s", module)
}

// writeFiles replaces dir by the generated files, in a stable order so that failures are reproducible.
func writeFiles(dir string, files map[string][]byte) error {
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		file := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(file, files[name], 0o644); err != nil {
			return err
		}
	}
	return nil
}

// noReferences is the loader for a schema that refers to no other package: asked for one, it fails with a message
// instead of Pulumi's null loader's panic.
type noReferences struct{}

func (noReferences) LoadPackage(pkg string, version *semver.Version) (*schema.Package, error) {
	return nil, fmt.Errorf("the schema refers to package %q; this generator only handles self-contained schemas", pkg)
}

func (l noReferences) LoadPackageV2(ctx context.Context, d *schema.PackageDescriptor) (*schema.Package, error) {
	return l.LoadPackage(d.Name, d.Version)
}

func (noReferences) LoadPackageReference(pkg string, version *semver.Version) (schema.PackageReference, error) {
	return nil, fmt.Errorf("the schema refers to package %q; this generator only handles self-contained schemas", pkg)
}

func (l noReferences) LoadPackageReferenceV2(
	ctx context.Context, d *schema.PackageDescriptor,
) (schema.PackageReference, error) {
	return l.LoadPackageReference(d.Name, d.Version)
}
