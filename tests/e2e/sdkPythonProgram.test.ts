// End-to-end: the Python SDK as users install it. The release's wheel installs into a fresh virtual environment with
// no index and byte-compiles there. Then a Python program on it runs under the real CLI (this project's Python
// language host where no official CLI is installed), once with the `pulumi` package from PyPI at the oldest version
// the wheel allows and once at the newest: the lifecycle every SDK goes through (tests/e2e/support/
// sdkProgramLifecycle.ts), then a marketing template rejected with a reason through jsms-review-hook and updated in
// place, a waitForReview rejection quoting that reason, the balance function, `pulumi import` whose generated Python
// then runs with no diff, masterSecret kept secret in state, and a type checker (mypy) on the guide's program.
// Nothing here is skipped: without PyPI or the language host the suite fails.
import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { ReleaseArtifacts } from "../../plugin/release/build";
import { installedVersion, pipInstall, preparePythonVenv, type PulumiPythonVersion } from "../support/pythonVenv";
import {
    OperationResult,
    PulumiProject,
    describeResult,
    getResource,
    repoRoot,
    resourcesOfType,
    runCommand,
    stepsOf,
    urnName,
} from "./support";
import { startHookedSimulator, type HookedSimulator } from "./support/hookedSimulator";
import { installHostPlugin, releaseFor, requireLanguageHost, RELEASE_BUILD_MS } from "./support/releaseArtifacts";
import type { ScenarioSimulator } from "./support/scenarioSimulator";
import { lifecycleConfig, SdkProgramContext, sdkProgramLifecycle } from "./support/sdkProgramLifecycle";
import { pythonSdkProject } from "./support/sdkPrograms";

const TOKEN = "e2e-python-hook-token-5c2e";
const REASON = "营销短信须注明退订方式，请修改后重新提交";
const PROMO_COPY = "春季大促{{name}}全场五折，详见官网。";
const PROMO_FIXED = "春季大促{{name}}全场五折，详见官网，回T退订。";
const STRICT_COPY = "您的退款{{amount}}元已到账";
const TEMPLATE = "jsms:index:SmsTemplate";
/** The marker Pulumi's state puts on a secret value. */
const SECRET_SIG = "4dabf18193072939515e22adb298388d";

/**
 * The program: the lifecycle's contract (signature `brand`, template `otp` from config `copy`, `imported` from the
 * config of that name), and what the Python steps switch on through config: the marketing template `promo`, the
 * template `strict` that waits for its review, the balance, and the code `pulumi import` generated.
 */
const PYTHON_PROGRAM = `import json
import os
import pulumi
import pulumi_jsms as jsms

config = pulumi.Config()
brand = jsms.SmsSignature("brand", sign="极光推送")
otp = jsms.SmsTemplate(
    "otp",
    template=config.require("copy"),
    type=jsms.TemplateType.VERIFICATION_CODE,
    ttl=300,
    opts=pulumi.ResourceOptions(depends_on=[brand]),
)
imported = config.get("imported")
if imported:
    fields = json.loads(imported)
    jsms.SmsTemplate("imported", template=fields["template"], type=fields["type"], remark=fields.get("remark"))
promo_copy = config.get("promoCopy")
if promo_copy:
    promo = jsms.SmsTemplate(
        "promo",
        template=promo_copy,
        type=jsms.TemplateType.MARKETING,
        remark="春季促销活动",
        opts=pulumi.ResourceOptions(depends_on=[brand]),
    )
    pulumi.export("promoId", promo.temp_id)
if config.get_bool("strict"):
    jsms.SmsTemplate(
        "strict",
        template="${STRICT_COPY}",
        type=jsms.TemplateType.NOTIFICATION,
        wait_for_review=jsms.WaitForReviewArgs(timeout_seconds=60, poll_interval_seconds=1),
        opts=pulumi.ResourceOptions(depends_on=[brand]),
    )
if config.get_bool("balance"):
    balance = jsms.get_app_balance_output()
    pulumi.export("balanceTotal", balance.total)
    pulumi.export("balanceIndustry", balance.industry)
if os.path.exists(os.path.join(os.path.dirname(os.path.abspath(__file__)), "imported_code.py")):
    import imported_code  # noqa: F401 (what pulumi import generated declares its resources)
pulumi.export("signId", brand.sign_id)
pulumi.export("tempId", otp.temp_id)
`;

function printed(r: OperationResult): string {
    return `exit ${r.code}\n${r.stdout}\n${r.stderr}`;
}

async function mustRun(command: string, args: string[], cwd: string): Promise<string> {
    const r = await runCommand(command, args, { cwd, env: process.env, timeoutMs: 600_000 });
    expect(r.code, describeResult(r)).to.equal(0);
    return r.stdout;
}

/** The guide's Python program (docs/sdks.md): its only fenced block tagged python. */
function guideProgram(): string {
    const blocks = [
        ...fs.readFileSync(path.join(repoRoot(), "docs", "sdks.md"), "utf8").matchAll(/```python\n([\s\S]*?)```/g),
    ];
    expect(blocks, "one python block in docs/sdks.md").to.have.length(1);
    return blocks[0][1];
}

describe("e2e: the Python SDK (wheel in a virtual environment, Python programs under the real CLI)", function () {
    this.timeout(RELEASE_BUILD_MS);
    let release: ReleaseArtifacts;
    let workspace: string;

    before(async function () {
        requireLanguageHost(this, "python");
        release = await releaseFor();
        workspace = fs.mkdtempSync(path.join(os.tmpdir(), "jsms-python-sdk-"));
    });

    after(() => {
        if (workspace) fs.rmSync(workspace, { recursive: true, force: true });
    });

    it("the wheel installs into a fresh virtual environment with no index, byte-compiles there and ships py.typed", async () => {
        const venv = path.join(workspace, "venv");
        await mustRun("python3", ["-m", "venv", venv], workspace);
        const wheel = release.pythonSdk.find((f) => f.endsWith(".whl"))!;
        // --no-deps: its dependency `pulumi` comes from PyPI, which the programs below install.
        await mustRun(
            path.join(venv, "bin", "pip"),
            ["install", "--quiet", "--no-index", "--no-deps", wheel],
            workspace,
        );
        const python = path.join(venv, "bin", "python");
        const site = (
            await mustRun(python, ["-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], workspace)
        ).trim();
        await mustRun(python, ["-m", "compileall", "-q", "-f", path.join(site, "pulumi_jsms")], workspace);
        expect(fs.existsSync(path.join(site, "pulumi_jsms", "py.typed")), "the PEP 561 marker").to.equal(true);
        expect(await installedVersion(python, "pulumi_jsms")).to.equal(release.version);
    });

    for (const pulumiVersion of ["oldest", "newest"] as PulumiPythonVersion[]) {
        pythonProgram(pulumiVersion);
    }
});

/** The Python program's suite with `pulumi` from PyPI at one end of the range the wheel allows. */
function pythonProgram(pulumiVersion: PulumiPythonVersion): void {
    const app = {
        appKey: `e2esdkpython${pulumiVersion}key8b1c`,
        masterSecret: `e2e-sdk-python-${pulumiVersion}-secret-3a6f`,
    };

    describe(`a Python program on the SDK, with the ${pulumiVersion} pulumi the wheel allows`, function () {
        let hooked: HookedSimulator;
        let sim: ScenarioSimulator;
        let project: PulumiProject;
        let venv: { python: string; venv: string };
        let version: string;
        /** Outside the repository, whose configuration files a type checker would find. */
        let folder: string;

        before(async function () {
            requireLanguageHost(this, "python");
            const release = await releaseFor();
            version = release.version;
            venv = await preparePythonVenv({ pulumiVersion });
            const pulumiPython = await installedVersion(venv.python, "pulumi");
            process.stderr.write(`      (pulumi ${pulumiPython} from PyPI, the ${pulumiVersion} the wheel allows)\n`);
            folder = fs.mkdtempSync(path.join(os.tmpdir(), "jsms-python-program-"));
            hooked = await startHookedSimulator(app, TOKEN);
            sim = hooked.sim;
            const name = `sdk-python-${pulumiVersion}`;
            project = await pythonSdkProject(
                name,
                venv.venv,
                { ...lifecycleConfig(sim, app), ...hooked.hookConfig },
                PYTHON_PROGRAM,
            );
            const install = await installHostPlugin(project, release);
            expect(install.code, describeResult(install)).to.equal(0);
        });

        after(async () => {
            await project?.dispose();
            await hooked?.close();
            if (folder) fs.rmSync(folder, { recursive: true, force: true });
        });

        async function writes(): Promise<string[]> {
            return (await sim.requests()).filter((r) => r.method !== "GET").map((r) => `${r.method} ${r.path}`);
        }

        sdkProgramLifecycle(
            (): SdkProgramContext => ({ project, sim, app, version }),
            () => {
                it("a marketing template, rejected with a reason through the hook, is updated in place on a copy change", async () => {
                    await project.configSet("promoCopy", PROMO_COPY);
                    await project.up();
                    const promoId = Number((await project.outputs()).promoId);
                    expect((await sim.template(promoId))?.type).to.equal(3);
                    await hooked.rejectTemplate(promoId, REASON);
                    await project.refresh();
                    const rejected = getResource(await project.exportStack(), TEMPLATE, "promo");
                    expect(rejected.outputs).to.include({ status: "rejected", rejectReason: REASON });

                    await project.configSet("promoCopy", PROMO_FIXED);
                    const preview = await project.preview();
                    const ops = stepsOf(preview.events)
                        .filter((s) => urnName(s.urn) === "promo")
                        .map((s) => s.op);
                    expect(ops, printed(preview)).to.deep.equal(["update"]);
                    await sim.clearRequests();
                    await project.up();
                    expect(await writes()).to.deep.equal([`PUT /v1/templates/${promoId}`]);
                    expect(Number((await project.outputs()).promoId)).to.equal(promoId);
                    expect((await sim.template(promoId))?.template).to.equal(PROMO_FIXED);
                });

                it("waitForReview reports a rejection with the reason from the hook; the template stays recorded", async () => {
                    await project.configSet("strict", "true");
                    const upping = project.up({ allowFailure: true });
                    const strictId = await hooked.createdTemplate(STRICT_COPY);
                    await hooked.rejectTemplate(strictId, REASON);
                    const up = await upping;
                    expect(up.code, printed(up)).to.not.equal(0);
                    expect(printed(up)).to.contain(REASON);
                    expect(getResource(await project.exportStack(), TEMPLATE, "strict").id).to.equal(String(strictId));
                    await project.configRemove("strict");
                    await project.up();
                    expect(await sim.template(strictId)).to.equal(undefined);
                });

                it("the balance function reads the app's balance", async () => {
                    await project.configSet("balance", "true");
                    await project.up();
                    const outputs = await project.outputs();
                    const balances = (await sim.state()).balances as {
                        app: Record<string, { balance: number; industry: number }>;
                    };
                    expect(outputs.balanceTotal).to.equal(balances.app[app.appKey].balance);
                    expect(outputs.balanceIndustry).to.equal(balances.app[app.appKey].industry);
                });

                it("pulumi import generates Python that runs with no diff", async () => {
                    const fields = {
                        template: "您的快递{{code}}已到驿站，请凭取件码领取。",
                        type: 2,
                        remark: "控制台创建的通知",
                    };
                    const outsideId = await sim.createTemplateDirectly(app, fields);
                    const generated = path.join(project.workspace, "generated.py");
                    await sim.clearRequests();
                    const imported = await project.run([
                        "import",
                        TEMPLATE,
                        "console",
                        String(outsideId),
                        "--yes",
                        "--non-interactive",
                        "--protect=false",
                        "--out",
                        generated,
                        "--stack",
                        project.stack,
                    ]);
                    expect(imported.code, describeResult(imported)).to.equal(0);
                    expect(await writes()).to.deep.equal([]);
                    const code = fs.readFileSync(generated, "utf8");
                    expect(code).to.contain("import pulumi_jsms").and.to.contain('SmsTemplate("console"');
                    expect(code).to.contain(fields.template);
                    // The generated code, as the user pastes it into the program: the next preview has no changes.
                    fs.writeFileSync(path.join(project.dir, "imported_code.py"), code);
                    const preview = await project.preview({ args: ["--expect-no-changes"] });
                    expect(preview.code, describeResult(preview)).to.equal(0);
                    expect(await writes()).to.deep.equal([]);
                    const adopted = getResource(await project.exportStack(), TEMPLATE, "console");
                    expect(adopted.id).to.equal(String(outsideId));
                });

                it("masterSecret, set with --secret, stays a secret in the program's state", async () => {
                    const state = await project.exportStack();
                    expect(JSON.stringify(state)).to.not.contain(app.masterSecret);
                    const [provider] = resourcesOfType(state, "pulumi:providers:jsms");
                    const secret = provider?.inputs?.masterSecret as Record<string, unknown> | undefined;
                    expect(secret?.[SECRET_SIG], JSON.stringify(provider)).to.equal("1b47061264138c4ac30d75fd1eb44270");
                    const shown = await project.exportStack({ showSecrets: true });
                    const [plain] = resourcesOfType(shown, "pulumi:providers:jsms");
                    const shownSecret = plain?.inputs?.masterSecret as Record<string, unknown> | undefined;
                    expect(JSON.parse(String(shownSecret?.plaintext))).to.equal(app.masterSecret);
                });

                it("a type checker (mypy) passes the guide's program and refuses a string where TemplateType is expected", async () => {
                    await pipInstall(venv.python, ["mypy==2.4.1"]);
                    const dir = fs.mkdtempSync(path.join(folder, "typecheck-"));
                    const good = guideProgram();
                    expect(good).to.contain("type=jsms.TemplateType.VERIFICATION_CODE");
                    fs.writeFileSync(path.join(dir, "good.py"), good);
                    fs.writeFileSync(
                        path.join(dir, "bad.py"),
                        good.replace("type=jsms.TemplateType.VERIFICATION_CODE", 'type="VERIFICATION_CODE"'),
                    );
                    const mypy = (file: string) =>
                        runCommand(venv.python, ["-m", "mypy", "--cache-dir", path.join(dir, ".mypy_cache"), file], {
                            cwd: dir,
                            env: process.env,
                            timeoutMs: 600_000,
                        });
                    const passed = await mypy("good.py");
                    expect(passed.code, describeResult(passed)).to.equal(0);
                    const refused = await mypy("bad.py");
                    expect(refused.code, describeResult(refused)).to.equal(1);
                    // The only difference from the program that passed is the string given for `type`.
                    expect(refused.stdout).to.match(
                        /bad\.py:\d+: error: No overload variant of "SmsTemplate" matches argument types .*"str"/,
                    );
                });
            },
        );
    });
}
