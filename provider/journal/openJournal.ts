/**
 * The one place that picks the create journal's store from the settings (docs/create-journal.md): none when
 * `jsms:journal` is off, the review hook's when a hook is configured (pipelines: the next run is on another machine),
 * else the local file per stack under `jsms:journalDir`.
 */
import * as path from "node:path";
import type { Settings } from "../settings";
import type { CreateJournal } from "./createJournal";
import { HookJournal } from "./hookJournal";
import { LocalJournal } from "./localJournal";

/** What opening a journal needs from its process. */
export interface OpenJournalOptions {
    /** The folder a relative `jsms:journalDir` is under: the Pulumi project folder, where the engine runs providers. */
    cwd?: string;
    /** Told about damaged lines a store skipped. */
    onProblem?: (message: string) => void;
}

/** The create journal of these settings, or undefined when journaling is off. */
export function openJournal(settings: Settings, options: OpenJournalOptions = {}): CreateJournal | undefined {
    if (settings.journal === "off") {
        return undefined;
    }
    const hook = settings.reviewHook();
    if (hook !== undefined) {
        return new HookJournal(hook);
    }
    return new LocalJournal(path.resolve(options.cwd ?? process.cwd(), settings.journalDir), {
        onProblem: options.onProblem,
    });
}
