/**
 * The simulator with a jsms-review-hook beside it, as the suites that read rejection reasons run them: the hook on a
 * temporary SQLite file, the simulator's reviewers deciding by hand and JSMS's review callbacks sent to the hook.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { startReviewHook, type RunningReviewHook } from "../../../reviewhook";
import { ScenarioSimulator } from "./scenarioSimulator";
import type { ScenarioApp } from "./templateScenarioSimulator";

/** A simulator for one app and the review hook it calls back. */
export interface HookedSimulator {
    sim: ScenarioSimulator;
    hook: RunningReviewHook;
    /** The provider config that points a stack at the hook (its URL, and its token as a secret). */
    hookConfig: Record<string, string | { value: string; secret: boolean }>;
    /** The id of the template with this copy, once a create has made it (a program still running, say). */
    createdTemplate(copy: string): Promise<number>;
    /** The reviewers reject template `id` with `reason`; resolves once the hook has stored JSMS's callback. */
    rejectTemplate(id: number, reason: string): Promise<void>;
    /** Stops both and removes the hook's database. */
    close(): Promise<void>;
}

/** How long JSMS's callback may take to reach the hook: generous, as the machine may be loaded. */
const CALLBACK_DEADLINE_MS = 30_000;
/** How long a running program may take to create a template: it may be starting a language runtime first. */
const CREATE_DEADLINE_MS = 120_000;

/** Starts a review hook for `app` guarded by `token`, then a simulator that sends it the app's review callbacks. */
export async function startHookedSimulator(app: ScenarioApp, token: string): Promise<HookedSimulator> {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), "jsms-e2e-hook-"));
    let hook: RunningReviewHook | undefined;
    try {
        hook = await startReviewHook({
            apps: [app],
            token,
            databasePath: path.join(folder, "reviews.sqlite"),
            log: () => undefined,
        });
        const sim = await ScenarioSimulator.start({
            apps: [app],
            review: "manual",
            callbacks: { [app.appKey]: `${hook.url}/callbacks/${app.appKey}` },
        });
        const running = hook;
        return {
            sim,
            hook: running,
            hookConfig: { "jsms:reviewHookUrl": running.url, "jsms:reviewHookToken": { value: token, secret: true } },
            async createdTemplate(copy) {
                for (const started = Date.now(); Date.now() - started < CREATE_DEADLINE_MS; ) {
                    const created = (await sim.templates()).find((t) => t.template === copy);
                    if (created) return created.id;
                    await new Promise((r) => setTimeout(r, 200));
                }
                throw new Error(`no template with the copy ${JSON.stringify(copy)} was created`);
            },
            async rejectTemplate(id, reason) {
                const res = await fetch(`${sim.url}/_sim/templates/${id}/review`, {
                    method: "POST",
                    headers: { "content-type": "application/json" },
                    body: JSON.stringify({ status: "rejected", reason }),
                });
                if (res.status !== 200) {
                    throw new Error(
                        `the simulator refused to reject template ${id}: ${res.status} ${await res.text()}`,
                    );
                }
                // JSMS's callback is asynchronous: wait until the hook serves the result.
                for (const started = Date.now(); Date.now() - started < CALLBACK_DEADLINE_MS; ) {
                    const served = await fetch(`${running.url}/v1/apps/${app.appKey}/templates/${id}`, {
                        headers: { authorization: `Bearer ${token}` },
                    });
                    if (served.status === 200) return;
                    await new Promise((r) => setTimeout(r, 100));
                }
                throw new Error(`the hook never received the rejection of template ${id}`);
            },
            async close() {
                await sim.close();
                await running.close();
                fs.rmSync(folder, { recursive: true, force: true });
            },
        };
    } catch (error) {
        await hook?.close();
        fs.rmSync(folder, { recursive: true, force: true });
        throw error;
    }
}
