// The package as a user installs it: `npm pack` of this checkout installed into a TypeScript program that pins its
// own @pulumi/pulumi, outside the repository (nothing resolves from the checkout's node_modules). Once with the
// current SDK and once with the oldest one the peer range admits: each program gets exactly one copy of the SDK,
// and a signature, a template, a `get` and a balance go through up, a no-change preview, refresh and destroy.
// Installing needs the npm registry or npm's cache (the current SDK is there after `npm ci`; the floor version is
// fetched once by the first run). The install adds at most half the packages it added before the services became
// packages of their own, and none of the services' dependencies.
import { expect } from "chai";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PulumiProject, repoRoot, requirePulumiCli } from "./support";
import { ScenarioSimulator } from "./support/scenarioSimulator";

const APP = { appKey: "e2epackedappkey6c1d2e", masterSecret: "e2epackedsecret-0f4a9b27" };

/** The lowest @pulumi/pulumi the package's peer range admits. */
function sdkFloor(): string {
    const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot(), "package.json"), "utf8"));
    const m = /^>=(\d+\.\d+\.\d+)/.exec(manifest.peerDependencies["@pulumi/pulumi"]);
    if (!m) throw new Error(`no floor in peerDependencies: ${manifest.peerDependencies["@pulumi/pulumi"]}`);
    return m[1];
}

/** The SDK the project develops against (its devDependency, as installed). */
function sdkCurrent(): string {
    return JSON.parse(fs.readFileSync(path.join(repoRoot(), "node_modules/@pulumi/pulumi/package.json"), "utf8"))
        .version;
}

const PROGRAM = `import * as jsms from "pulumi-jsms";

const brand = new jsms.SmsSignature("brand", { sign: "极光推送" });
const otp = new jsms.SmsTemplate("otp", {
    template: "您的验证码是{{code}}，5分钟内有效",
    type: jsms.TemplateType.VerificationCode,
    ttl: 300,
}, { dependsOn: [brand] });
const seen = jsms.SmsTemplate.get("seen", otp.id);

export const otpId = otp.tempId;
export const seenCopy = seen.template;
export const seenIsTemplate = jsms.SmsTemplate.isInstance(seen) && !jsms.SmsSignature.isInstance(seen);
export const balance = jsms.getAppBalanceOutput();
`;

/** Every installed copy of @pulumi/pulumi under a program's node_modules, as `find -path` would list them. */
function sdkCopies(dir: string): string[] {
    const found: string[] = [];
    const walk = (d: string) => {
        for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
            if (!entry.isDirectory()) continue;
            const full = path.join(d, entry.name);
            if (full.endsWith(path.join("@pulumi", "pulumi")) && fs.existsSync(path.join(full, "package.json"))) {
                found.push(path.relative(dir, full));
            }
            walk(full);
        }
    };
    walk(path.join(dir, "node_modules"));
    return found;
}

/** What the library's own dependencies were before the services became packages of their own: 44 over the SDK. */
const PACKAGES_BEFORE_SPLIT = 44;

/** The services' dependencies, which a program that only declares resources must not install. */
const SERVICE_ONLY = ["pg", "node-sqlite3-wasm", "@fastify/busboy", "diff", "google-protobuf", "markdown-it"];

interface LockEntry {
    dependencies?: Record<string, string>;
    optionalDependencies?: Record<string, string>;
    peerDependencies?: Record<string, string>;
}

/**
 * The installed packages (paths in package-lock.json) that neither @pulumi/pulumi's dependency closure nor
 * pulumi-jsms itself accounts for: what installing pulumi-jsms added to a program that already has the SDK.
 */
function packagesAddedBeyondSdk(dir: string): string[] {
    const lock = JSON.parse(fs.readFileSync(path.join(dir, "package-lock.json"), "utf8")) as {
        packages: Record<string, LockEntry>;
    };
    const installed = Object.keys(lock.packages).filter((p) => p.startsWith("node_modules/"));
    // npm's lookup: the dependant's own node_modules, then each enclosing one, up to the top.
    const resolve = (from: string, name: string): string | undefined => {
        let base = from;
        for (;;) {
            const candidate = `${base}/node_modules/${name}`;
            if (lock.packages[candidate]) return candidate;
            const up = base.lastIndexOf("/node_modules/");
            if (up < 0) break;
            base = base.slice(0, up);
        }
        return lock.packages[`node_modules/${name}`] ? `node_modules/${name}` : undefined;
    };
    const closure = new Set<string>();
    const visit = (at: string) => {
        if (closure.has(at)) return;
        closure.add(at);
        const entry = lock.packages[at];
        for (const name of Object.keys({
            ...entry.dependencies,
            ...entry.optionalDependencies,
            ...entry.peerDependencies,
        })) {
            const found = resolve(at, name);
            if (found) visit(found);
        }
    };
    visit("node_modules/@pulumi/pulumi");
    return installed.filter((p) => !closure.has(p) && p !== "node_modules/pulumi-jsms");
}

describe("e2e: the packed package in a user's program (real Pulumi CLI, npm install)", function () {
    this.timeout(900_000);
    let sim: ScenarioSimulator;
    let scratch: string;
    let tarball: string;

    before(async function () {
        requirePulumiCli(this);
        sim = await ScenarioSimulator.start({ apps: [APP], review: "approve" });
        scratch = fs.mkdtempSync(path.join(os.tmpdir(), "jsms-packed-"));
        // dist/ is built by the test script; packing must not rebuild it under the running suite.
        const name = execFileSync("npm", ["pack", "--ignore-scripts", "--silent", "--pack-destination", scratch], {
            cwd: repoRoot(),
            encoding: "utf8",
        }).trim();
        tarball = path.join(scratch, name);
    });

    after(async () => {
        await sim?.close();
        if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
    });

    for (const [label, version] of [
        ["the current SDK", sdkCurrent],
        ["the oldest SDK of the peer range", sdkFloor],
    ] as const) {
        it(`${label}: one SDK copy; up, a no-change preview, refresh and destroy`, async function () {
            const sdk = version();
            const project = await PulumiProject.create({
                name: `packed-${sdk.replace(/\./g, "-")}`,
                root: scratch,
                language: "ts",
                program: PROGRAM,
                files: {
                    "package.json": JSON.stringify({
                        name: "user-program",
                        private: true,
                        main: "index.ts",
                        dependencies: { "@pulumi/pulumi": sdk, "pulumi-jsms": `file:${tarball}` },
                    }),
                },
                config: {
                    "jsms:endpoint": sim.url,
                    "jsms:appKey": APP.appKey,
                    "jsms:masterSecret": { value: APP.masterSecret, secret: true },
                },
            });
            try {
                execFileSync("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], {
                    cwd: project.dir,
                    stdio: ["ignore", "pipe", "pipe"],
                    timeout: 600_000,
                });
                expect(sdkCopies(project.dir)).to.deep.equal([path.join("node_modules", "@pulumi", "pulumi")]);
                const installed = JSON.parse(
                    fs.readFileSync(path.join(project.dir, "node_modules/@pulumi/pulumi/package.json"), "utf8"),
                );
                expect(installed.version).to.equal(sdk);
                expect(fs.lstatSync(path.join(project.dir, "node_modules/pulumi-jsms")).isSymbolicLink()).to.equal(
                    false,
                );
                // The services are packages of their own: the library brings none of their dependencies.
                const added = packagesAddedBeyondSdk(project.dir);
                const addedNames = added.map((p) => p.slice(p.lastIndexOf("node_modules/") + "node_modules/".length));
                expect(addedNames.filter((name) => SERVICE_ONLY.includes(name))).to.deep.equal([]);
                expect(added.length, added.join(", ")).to.be.at.most(PACKAGES_BEFORE_SPLIT / 2);

                await project.up();
                const outputs = await project.outputs();
                expect(outputs.seenCopy).to.equal("您的验证码是{{code}}，5分钟内有效");
                expect(outputs.seenIsTemplate).to.equal(true);
                expect(outputs.balance).to.have.all.keys("total", "voice", "industry", "market");
                const [template] = await sim.templates(APP.appKey);
                expect(template.id).to.equal(outputs.otpId);
                expect(await sim.signs(APP.appKey)).to.have.length(1);

                const preview = await project.preview();
                expect(preview.stdout).to.not.match(/to (create|update|replace|delete)/);
                expect(preview.stdout).to.match(/\d+ unchanged/);

                await project.refresh();
                expect((await project.outputs()).otpId).to.equal(outputs.otpId);

                await project.destroy();
                expect(await sim.templates(APP.appKey)).to.deep.equal([]);
                expect(await sim.signs(APP.appKey)).to.deep.equal([]);
            } finally {
                await project.dispose();
            }
        });
    }
});
