// The jsms plugin's SDKs, generated at test time from the repository's plugin/schema.json by plugin/sdkgen (Pulumi's
// own code generators), must build: the Go SDK with `go build`, the Python SDK byte-compiled, the TypeScript SDK
// under tsc. Each check is also run on a copy damaged on purpose, so that none of them can pass by checking nothing,
// and a schema Pulumi's binder refuses must stop generation. Go is needed (it builds the generator); python3 only
// for its check. Missing tools fail the suite when JSMS_REQUIRE_PULUMI_CLI is set (as under `npm test`), else skip
// it with the reason on stderr.
import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { cliRequired, repoRoot, Skippable } from "../e2e/support";
import {
    checkGo,
    checkGoProgram,
    checkPython,
    checkPythonProgram,
    checkTypeScript,
    checkTypeScriptProgram,
    onPath,
    Outcome,
    run,
} from "./sdkChecks";

const GENERATE = "plugin/sdkgen/generate.sh";
/** The user documentation whose example programs must compile against the generated SDKs. */
const GUIDE = "docs/sdks.md";
/** Cold (no Go build cache), the generator builds in about 3 minutes and the Go SDK in 1 on 2 busy cores; warm, seconds. */
const COLD_MS = 10 * 60_000;

/** The schema's members the SDKs must expose, by token (e.g. jsms:index:SmsTemplate). */
interface SchemaDocument {
    name: string;
    version: string;
    resources: Record<string, unknown>;
    functions: Record<string, unknown>;
}

/** Returns normally when the tool is on PATH; else fails (tools required) or skips, saying so on stderr. */
function requireTool(ctx: Skippable, tool: string, purpose: string): void {
    if (onPath(tool)) {
        return;
    }
    const reason = `${tool} is not on PATH: ${purpose}`;
    if (cliRequired()) {
        throw new Error(`JSMS_REQUIRE_PULUMI_CLI is set but ${reason}`);
    }
    process.stderr.write(`SKIPPING generated SDK check: ${reason}\n`);
    ctx.skip();
}

/** The last part of a schema token: jsms:index:SmsTemplate -> SmsTemplate. */
function memberName(token: string): string {
    return token.split(":")[2];
}

/** SmsTemplate or getAppBalance -> sms_template or get_app_balance (Python's module names). */
function snakeCase(name: string): string {
    return name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();
}

/** smsTemplate.ts from SmsTemplate (TypeScript and Go file names). */
function camelCase(name: string): string {
    return name[0].toLowerCase() + name.slice(1);
}

/** Matches the token as a string literal in any of the three languages. */
function quoted(token: string): RegExp {
    const escaped = token.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    return new RegExp(`["']${escaped}["']`);
}

/** The folder of the Go package: the one holding pulumi-plugin.json, whatever the import path's last part is. */
function goPackageDir(goRoot: string): string {
    const found = fs
        .readdirSync(goRoot, { withFileTypes: true })
        .filter((e) => e.isDirectory() && fs.existsSync(path.join(goRoot, e.name, "pulumi-plugin.json")));
    expect(found, `one Go package folder with pulumi-plugin.json in ${goRoot}`).to.have.length(1);
    return path.join(goRoot, found[0].name);
}

/** The example program of each language in the guide: its only fenced block tagged typescript, python or go. */
function guidePrograms(root: string): Record<"typescript" | "python" | "go", string> {
    const text = fs.readFileSync(path.join(root, GUIDE), "utf8");
    const found: Record<string, string[]> = { typescript: [], python: [], go: [] };
    for (const m of text.matchAll(/^```(\w+)\n([\s\S]*?)^```$/gm)) {
        found[m[1]]?.push(m[2]);
    }
    for (const [lang, blocks] of Object.entries(found)) {
        expect(blocks, `${GUIDE}: one ${lang} program`).to.have.length(1);
    }
    return { typescript: found.typescript[0], python: found.python[0], go: found.go[0] };
}

/** The `language` section of the repository's schema (empty when it has none). */
function schemaLanguage(root: string): Record<string, Record<string, string> | undefined> {
    return JSON.parse(fs.readFileSync(path.join(root, "plugin", "schema.json"), "utf8")).language ?? {};
}

/** Writes a program into a fresh folder of the scratch directory and returns the folder. */
function programDir(scratch: string, name: string, file: string, source: string): string {
    const dir = path.join(scratch, name);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, file), source);
    return dir;
}

/** Appends text to a file, runs the check, and puts the file back as it was. */
function withDamage(file: string, damage: string, check: () => Outcome): Outcome {
    const original = fs.readFileSync(file);
    fs.appendFileSync(file, damage);
    try {
        return check();
    } finally {
        fs.writeFileSync(file, original);
    }
}

function expectPass(outcome: Outcome, what: string): void {
    expect(outcome.code, `${what} (exit ${outcome.code}):\n${outcome.output}`).to.equal(0);
}

describe("generated SDKs (plugin/sdkgen over plugin/schema.json)", function () {
    this.timeout(COLD_MS);
    const root = repoRoot();
    const timings: Record<string, number> = {};
    let schema: SchemaDocument;
    let scratch: string;
    let sdk: string;

    before(function () {
        requireTool(this, "go", "it builds the SDK generator (plugin/sdkgen) and checks the Go SDK");
        const schemaPath = path.join(root, "plugin", "schema.json");
        expect(fs.existsSync(schemaPath), `${schemaPath} (written by npm run schema:plugin)`).to.equal(true);
        schema = JSON.parse(fs.readFileSync(schemaPath, "utf8"));
        const build = run("bash", [GENERATE, "--build-only"], root, process.env, COLD_MS);
        expectPass(build, "building the SDK generator");
        timings.generatorBuild = build.ms;
        scratch = fs.mkdtempSync(path.join(os.tmpdir(), "jsms-sdks-"));
        sdk = path.join(scratch, "sdk");
        const generate = run("bash", [GENERATE, "--schema", schemaPath, sdk], root, process.env, 60_000);
        expectPass(generate, "generating the SDKs");
        timings.generate = generate.ms;
    });

    after(function () {
        if (scratch) {
            fs.rmSync(scratch, { recursive: true, force: true });
        }
        const line = Object.entries(timings)
            .map(([k, ms]) => `${k} ${(ms / 1000).toFixed(1)}s`)
            .join(", ");
        if (line) {
            process.stderr.write(`generated SDKs: ${line}\n`);
        }
    });

    it("writes every resource and function of the schema in each language, at the schema's version", function () {
        const goPkg = goPackageDir(path.join(sdk, "go"));
        const python = path.join(sdk, "python", `pulumi_${schema.name}`);
        const tokens = [...Object.keys(schema.resources), ...Object.keys(schema.functions)];
        expect(tokens.length).to.be.greaterThan(0);
        for (const token of tokens) {
            const name = memberName(token);
            const files = [
                path.join(goPkg, `${camelCase(name)}.go`),
                path.join(python, `${snakeCase(name)}.py`),
                path.join(sdk, "nodejs", `${camelCase(name)}.ts`),
            ];
            for (const file of files) {
                expect(fs.existsSync(file), file).to.equal(true);
                expect(fs.readFileSync(file, "utf8"), `${file} calls ${token}`).to.match(quoted(token));
            }
        }
        // The version is what a program asks the engine for: the plugin of that version is started.
        const nodePackage = JSON.parse(fs.readFileSync(path.join(sdk, "nodejs", "package.json"), "utf8"));
        expect(nodePackage.version).to.equal(schema.version);
        expect(nodePackage.pulumi).to.deep.include({ resource: true, name: schema.name, version: schema.version });
        for (const dir of [goPkg, python]) {
            const plugin = JSON.parse(fs.readFileSync(path.join(dir, "pulumi-plugin.json"), "utf8"));
            expect(plugin, dir).to.deep.include({ resource: true, name: schema.name, version: schema.version });
        }
        expect(fs.readFileSync(path.join(sdk, "python", "setup.py"), "utf8")).to.include(
            `VERSION = "${schema.version}"`,
        );
    });

    it("takes the schema's own language options over its defaults, and the Go import path option when none", function () {
        const own = JSON.parse(fs.readFileSync(path.join(root, "plugin", "schema.json"), "utf8"));
        own.language = {
            ...own.language,
            nodejs: { ...own.language?.nodejs, packageName: "@acme/jsms" },
            go: { ...own.language?.go, importBasePath: "example.com/acme/jsms-sdk/sms" },
        };
        const ownPath = path.join(scratch, "own-language-schema.json");
        fs.writeFileSync(ownPath, JSON.stringify(own));
        const out = path.join(scratch, "own-language");
        const flag = ["--go-import-base-path", "example.com/flag/sdk/jsms", "--languages", "go,nodejs"];
        expectPass(run("bash", [GENERATE, "--schema", ownPath, ...flag, out], root, process.env, 60_000), "generate");
        expect(JSON.parse(fs.readFileSync(path.join(out, "nodejs", "package.json"), "utf8")).name).to.equal(
            "@acme/jsms",
        );
        expect(fs.readFileSync(path.join(out, "go", "go.mod"), "utf8")).to.match(
            /^module example\.com\/acme\/jsms-sdk$/m,
        );
        expect(fs.existsSync(path.join(out, "go", "sms", "smsTemplate.go"))).to.equal(true);
        expect(fs.existsSync(path.join(out, "python")), "only the languages asked for").to.equal(false);

        // The repository's schema as it is: the flag applies unless it names its own import path.
        const plain = path.join(scratch, "flag-language");
        expectPass(run("bash", [GENERATE, ...flag, plain], root, process.env, 60_000), "generate");
        const importPath: string = schemaLanguage(root).go?.importBasePath ?? "example.com/flag/sdk/jsms";
        const goMod = fs.readFileSync(path.join(plain, "go", "go.mod"), "utf8");
        expect(goMod).to.include(`module ${path.posix.dirname(importPath)}\n`);
    });

    it("the Go SDK requires Pulumi's Go SDK at the version the project develops against, and builds", function () {
        const pinned = String(
            JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")).devDependencies["@pulumi/pulumi"],
        ).replace(/^[^0-9]*/, "");
        const goMod = fs.readFileSync(path.join(sdk, "go", "go.mod"), "utf8");
        expect(goMod).to.match(
            new RegExp(`require github\\.com/pulumi/pulumi/sdk/v3 v${pinned.replace(/\./g, "\\.")}\\b`),
        );
        const outcome = checkGo(path.join(sdk, "go"), COLD_MS);
        timings.goBuild = outcome.ms;
        expectPass(outcome, "go mod tidy && go build ./...");
    });

    it("the Python SDK byte-compiles", function () {
        requireTool(this, "python3", "the Python SDK cannot be byte-compiled");
        const outcome = checkPython(path.join(sdk, "python"), 120_000);
        timings.pythonCompile = outcome.ms;
        expectPass(outcome, "python3 -m compileall");
    });

    it("the TypeScript SDK compiles", function () {
        const outcome = checkTypeScript(path.join(sdk, "nodejs"), root, 120_000);
        timings.tsc = outcome.ms;
        expectPass(outcome, "tsc --noEmit");
    });

    describe("the TypeScript SDK's resource constructors (run compiled, under Pulumi's mocks)", function () {
        let compiled: string;

        before(function () {
            const dir = path.join(scratch, "nodejs-compiled");
            fs.cpSync(path.join(sdk, "nodejs"), dir, { recursive: true, filter: (f) => !f.endsWith("node_modules") });
            fs.symlinkSync(path.join(root, "node_modules"), path.join(dir, "node_modules"), "dir");
            const tsc = path.join(root, "node_modules", "typescript", "bin", "tsc");
            expectPass(run(process.execPath, [tsc, "-p", "."], dir, process.env, 120_000), "tsc (emit)");
            compiled = path.join(dir, "bin");
            // As the release packs it: the compiled folder with its manifest (the SDK reads its version from it).
            fs.copyFileSync(path.join(dir, "package.json"), path.join(compiled, "package.json"));
        });

        /** Constructs a template and a signature in a fresh process; what the promises' leak stacks and the limit were. */
        function construct(env: NodeJS.ProcessEnv): {
            before: number;
            after: number;
            promises: number;
            framed: number;
        } {
            const script = `const pulumi = require("@pulumi/pulumi");
pulumi.runtime.setMocks({ newResource: (a) => ({ id: a.name + "-id", state: a.inputs }), call: (a) => a.inputs }, "p", "s", true);
const debuggable = require("@pulumi/pulumi/runtime/debuggable");
const jsms = require(${JSON.stringify(compiled)});
debuggable.leakedPromises();
const before = Error.stackTraceLimit;
const sign = new jsms.SmsSignature("brand", { sign: "极光推送" });
new jsms.SmsTemplate("otp", { template: "您的验证码是{{code}}", type: 1, ttl: 300 }, { dependsOn: [sign] });
const after = Error.stackTraceLimit;
const [leaked] = debuggable.leakedPromises();
const framed = [...leaked].filter((p) => String(p._debugStackTrace).includes("\\n    at ")).length;
process.stdout.write(JSON.stringify({ before, after, promises: leaked.size, framed }));
process.exit(0);`;
            const outcome = run(process.execPath, ["-e", script], root, env, 60_000);
            expectPass(outcome, "constructing through the compiled SDK");
            return JSON.parse(outcome.stdout);
        }

        it("record no stack for each promise of a new resource, and put the limit back", function () {
            const { PULUMI_DEBUG_PROMISE_LEAKS: _kept, ...env } = process.env;
            const quiet = construct(env);
            expect(quiet.promises, "the SDK made promises for the resources").to.be.greaterThan(0);
            expect(quiet.framed, "promises with a recorded stack").to.equal(0);
            expect(quiet.after).to.equal(quiet.before);
        });

        it("keep the stacks when PULUMI_DEBUG_PROMISE_LEAKS asks for them", function () {
            const debugging = construct({ ...process.env, PULUMI_DEBUG_PROMISE_LEAKS: "true" });
            expect(debugging.framed).to.equal(debugging.promises).and.to.be.greaterThan(0);
        });

        it("give an error thrown while constructing the stack of its caller", function () {
            const script = `const jsms = require(${JSON.stringify(compiled)});
const before = Error.stackTraceLimit;
try { new jsms.SmsTemplate("", { template: "x", type: 2 }); } catch (err) {
    process.stdout.write(JSON.stringify({ restored: Error.stackTraceLimit === before, stack: String(err.stack) }));
}`;
            const outcome = run(process.execPath, ["-e", script], root, process.env, 60_000);
            expectPass(outcome, "constructing with an empty name");
            const { restored, stack } = JSON.parse(outcome.stdout);
            expect(restored).to.equal(true);
            expect(stack).to.match(/\n\s+at .*\[eval\]/);
        });
    });

    describe(`the example programs of ${GUIDE}`, function () {
        it("the TypeScript program compiles against the TypeScript SDK", function () {
            const dir = programDir(scratch, "program-ts", "index.ts", guidePrograms(root).typescript);
            const name = JSON.parse(fs.readFileSync(path.join(sdk, "nodejs", "package.json"), "utf8")).name;
            const outcome = checkTypeScriptProgram(dir, path.join(sdk, "nodejs"), name, root, 120_000);
            timings.tsProgram = outcome.ms;
            expectPass(outcome, "tsc (TypeScript program)");
        });

        it("the Go program type-checks against the Go SDK", function () {
            const dir = programDir(scratch, "program-go", "main.go", guidePrograms(root).go);
            const outcome = checkGoProgram(dir, path.join(sdk, "go"), COLD_MS);
            timings.goProgram = outcome.ms;
            expectPass(outcome, "go vet (Go program)");
        });

        it("the Python program parses", function () {
            requireTool(this, "python3", "the Python program cannot be parsed");
            const dir = programDir(scratch, "program-py", "__main__.py", guidePrograms(root).python);
            expectPass(checkPythonProgram(path.join(dir, "__main__.py"), 60_000), "python3 compile (Python program)");
        });
    });

    describe("each check can fail", function () {
        it("go build fails on a type error in the Go SDK", function () {
            const file = path.join(goPackageDir(path.join(sdk, "go")), "smsTemplate.go");
            const outcome = withDamage(file, '\nvar _ int = "not a number"\n', () =>
                checkGo(path.join(sdk, "go"), COLD_MS),
            );
            expect(outcome.code, outcome.output).to.not.equal(0);
            expect(outcome.output).to.match(/smsTemplate\.go:\d+:\d+: cannot use "not a number"/);
        });

        it("compileall fails on a syntax error in the Python SDK", function () {
            requireTool(this, "python3", "the Python SDK cannot be byte-compiled");
            const file = path.join(sdk, "python", `pulumi_${schema.name}`, "sms_template.py");
            const outcome = withDamage(file, "\ndef damaged(:\n", () => checkPython(path.join(sdk, "python"), 120_000));
            expect(outcome.code, outcome.output).to.not.equal(0);
            expect(outcome.output).to.include("sms_template.py").and.to.include("SyntaxError");
        });

        it("tsc fails on a type error in the TypeScript SDK", function () {
            const file = path.join(sdk, "nodejs", "smsTemplate.ts");
            const outcome = withDamage(file, '\nexport const damaged: number = "not a number";\n', () =>
                checkTypeScript(path.join(sdk, "nodejs"), root, 120_000),
            );
            expect(outcome.code, outcome.output).to.not.equal(0);
            expect(outcome.output).to.match(/smsTemplate\.ts\(\d+,\d+\): error TS2322/);
        });

        it("the program checks fail on an input the SDKs do not have", function () {
            const programs = guidePrograms(root);
            const ts = programs.typescript.replace("template:", "templateText:");
            const go = programs.go.replace("Template:", "TemplateText:");
            expect(ts).to.not.equal(programs.typescript);
            expect(go).to.not.equal(programs.go);
            const name = JSON.parse(fs.readFileSync(path.join(sdk, "nodejs", "package.json"), "utf8")).name;
            const tsOutcome = checkTypeScriptProgram(
                programDir(scratch, "program-ts-bad", "index.ts", ts),
                path.join(sdk, "nodejs"),
                name,
                root,
                120_000,
            );
            expect(tsOutcome.code, tsOutcome.output).to.not.equal(0);
            expect(tsOutcome.output).to.match(/index\.ts\(\d+,\d+\): error TS\d+: .*'templateText'/);
            const goOutcome = checkGoProgram(
                programDir(scratch, "program-go-bad", "main.go", go),
                path.join(sdk, "go"),
                COLD_MS,
            );
            expect(goOutcome.code, goOutcome.output).to.not.equal(0);
            expect(goOutcome.output).to.match(/main\.go:\d+:\d+: unknown field TemplateText/);
        });

        it("generation fails on a schema Pulumi's binder refuses, naming the broken reference", function () {
            const broken = JSON.parse(fs.readFileSync(path.join(root, "plugin", "schema.json"), "utf8"));
            const [token] = Object.keys(broken.resources);
            broken.resources[token].inputProperties.brokenRef = { $ref: "#/types/jsms:index:NoSuchType" };
            const brokenPath = path.join(scratch, "broken-schema.json");
            fs.writeFileSync(brokenPath, JSON.stringify(broken));
            const out = path.join(scratch, "broken-sdk");
            const outcome = run("bash", [GENERATE, "--schema", brokenPath, out], root, process.env, 60_000);
            expect(outcome.code, outcome.output).to.not.equal(0);
            expect(outcome.output).to.include("jsms:index:NoSuchType");
            expect(fs.existsSync(out), "nothing written").to.equal(false);
        });
    });
});
