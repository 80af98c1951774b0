/**
 * The local create journal: one file of JSON lines per stack in a folder on this machine, so a re-run on the same
 * machine heals an interrupted one. Every change is a line appended under a lock file and synced before the call
 * resolves, so several processes (the dynamic provider and the plugin of one stack, two stacks sharing a folder)
 * never interleave or lose each other's lines, and a kill right after a call loses nothing it acknowledged. Reading
 * folds the lines into intents; pruning rewrites the file under the same lock.
 */
import { randomUUID } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { checkShape } from "../shapes/shapeCheck";
import type { CreateIntent, CreateJournal, JournalKind } from "./createJournal";
import type { JournalLine } from "./journalLineSchema";

/** How a local journal reports lines it had to skip, and how patient it is with a lock another process holds. */
export interface LocalJournalOptions {
    /** Told about every line that is not a journal record (a damaged file); the line is skipped, nothing else. */
    onProblem?: (message: string) => void;
    /** Longest wait for the lock before a write fails, in ms. */
    lockTimeoutMs?: number;
}

/** A lock file older than this is left by a process that died holding it (writes hold it for milliseconds). */
const STALE_LOCK_MS = 30_000;

const DEFAULT_LOCK_TIMEOUT_MS = 10_000;

/** A create journal kept in `dir`, one `<stack>.jsonl` file per stack. */
export class LocalJournal implements CreateJournal {
    readonly description: string;
    private readonly files = new Map<string, JournalFile>();

    constructor(
        readonly dir: string,
        private readonly options: LocalJournalOptions = {},
    ) {
        this.description = `the local create journal in ${dir}`;
    }

    /** The file that holds the journal of `stack`. */
    pathOf(stack: string): string {
        return path.join(this.dir, `${encodeURIComponent(stack)}.jsonl`);
    }

    async begin(intent: CreateIntent): Promise<void> {
        await this.file(intent.stack).append([{ op: "begin", intent: { ...intent, state: "open" } }]);
    }

    async answer(stack: string, intentId: string, objectId: number): Promise<void> {
        await this.file(stack).append([{ op: "answer", intentId, objectId }]);
    }

    async fail(stack: string, intentId: string, message: string): Promise<void> {
        await this.file(stack).append([{ op: "fail", intentId, error: message }]);
    }

    async adoptable(stack: string, key: string): Promise<CreateIntent[]> {
        const intents = await this.file(stack).intents();
        return intents
            .filter(
                (i) => i.key === key && i.state === "answered" && i.objectId !== undefined && i.heldAt === undefined,
            )
            .sort((a, b) => b.createdAt - a.createdAt);
    }

    async markHeld(stack: string, appKey: string, kind: JournalKind, objectIds: readonly number[]): Promise<void> {
        const file = this.file(stack);
        const ids = new Set(objectIds);
        const news = await file.intents(
            (i) =>
                i.heldAt === undefined &&
                i.objectId !== undefined &&
                ids.has(i.objectId) &&
                i.appKey === appKey &&
                i.kind === kind,
        );
        // Every diff and read of every resource lands here: only a change is written.
        if (news.length > 0) {
            const unique = [...new Set(news.map((i) => i.objectId as number))];
            await file.append([{ op: "held", appKey, kind, objectIds: unique, at: Date.now() }]);
        }
    }

    async open(stack: string): Promise<CreateIntent[]> {
        const intents = await this.file(stack).intents();
        return intents.filter((i) => i.state === "open").sort((a, b) => a.createdAt - b.createdAt);
    }

    async prune(stack: string, before: number): Promise<number> {
        return this.file(stack).prune((i) => (i.state === "failed" || i.heldAt !== undefined) && i.createdAt < before);
    }

    private file(stack: string): JournalFile {
        let file = this.files.get(stack);
        if (!file) {
            file = new JournalFile(this.pathOf(stack), this.options);
            this.files.set(stack, file);
        }
        return file;
    }
}

/** A queued line and the caller waiting for it to be durable. */
interface Pending {
    line: string;
    resolve(): void;
    reject(error: unknown): void;
}

/** One stack's file: appends (grouped, locked, synced) and the intents folded from what has been read of it. */
class JournalFile {
    private readonly intentsById = new Map<string, CreateIntent>();
    /** Bytes of the file folded so far, and the file they belong to (pruning replaces it). */
    private offset = 0;
    private inode: number | undefined;
    private lineNumber = 0;
    private pending: Pending[] = [];
    private flushing: Promise<void> | undefined;
    /** Appends go through this handle while the file is the same. */
    private appender: { fd: number; inode: number } | undefined;
    private folderReady = false;
    /** Reads run one after another, so each byte is folded once. */
    private reading: Promise<void> = Promise.resolve();
    /** The read queued behind the current one, not started yet: later callers wait for it instead of queuing more. */
    private queuedRead: Promise<void> | undefined;

    constructor(
        readonly file: string,
        private readonly options: LocalJournalOptions,
    ) {}

    /** Appends records; resolves once they are on disk. Calls made while a write is in progress share the next one. */
    append(records: JournalLine[]): Promise<void> {
        const line = records.map((r) => `${JSON.stringify(r)}\n`).join("");
        return new Promise((resolve, reject) => {
            this.pending.push({ line, resolve, reject });
            this.flushing ??= this.flush();
        });
    }

    /**
     * Every intent of the file as it stands now (or those `select` picks), including what other processes appended.
     * Copies only what it returns: a refresh asks once per resource, and copying every intent each time grew as N².
     */
    async intents(select: (intent: CreateIntent) => boolean = () => true): Promise<CreateIntent[]> {
        await this.catchUp();
        const picked: CreateIntent[] = [];
        for (const intent of this.intentsById.values()) {
            if (select(intent)) picked.push({ ...intent });
        }
        return picked;
    }

    /** Rewrites the file without the intents `drop` selects; returns how many went. */
    async prune(drop: (intent: CreateIntent) => boolean): Promise<number> {
        if (!fs.existsSync(this.file)) {
            return 0;
        }
        const unlock = await this.lock();
        try {
            await this.catchUp();
            const all = [...this.intentsById.values()];
            const kept = all.filter((i) => !drop(i));
            if (kept.length === all.length) {
                return 0;
            }
            const temporary = `${this.file}.${process.pid}.${randomUUID()}.tmp`;
            const handle = await fs.promises.open(temporary, "w", 0o600);
            try {
                await handle.writeFile(kept.map((intent) => `${JSON.stringify({ op: "intent", intent })}\n`).join(""));
                await handle.sync();
            } finally {
                await handle.close();
            }
            await fs.promises.rename(temporary, this.file);
            await syncFolder(path.dirname(this.file));
            return all.length - kept.length;
        } finally {
            await unlock();
        }
    }

    private async flush(): Promise<void> {
        while (this.pending.length > 0) {
            const batch = this.pending;
            this.pending = [];
            try {
                await this.write(batch.map((p) => p.line).join(""));
                for (const p of batch) p.resolve();
            } catch (error) {
                for (const p of batch) p.reject(error);
            }
        }
        this.flushing = undefined;
    }

    private async write(text: string): Promise<void> {
        if (!this.folderReady) {
            await fs.promises.mkdir(path.dirname(this.file), { recursive: true });
            this.folderReady = true;
        }
        const unlock = await this.lock();
        try {
            const fd = await this.appendFd();
            await writeAll(fd, Buffer.from(text, "utf8"));
            await fdatasync(fd);
        } finally {
            await unlock();
        }
    }

    /**
     * The descriptor appends go through, kept open between writes (a plain descriptor: the journal lives as long as
     * its process); reopened when the file at the path is no longer the one it holds (another process pruned it).
     * Called under the lock, so the file cannot change meanwhile.
     */
    private async appendFd(): Promise<number> {
        let current: number | undefined;
        try {
            current = (await fs.promises.stat(this.file)).ino;
        } catch (error) {
            if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
        }
        if (this.appender && current === this.appender.inode) {
            return this.appender.fd;
        }
        if (this.appender) {
            await close(this.appender.fd).catch(() => undefined);
            this.appender = undefined;
        }
        const fd = await open(this.file, "a", 0o600);
        if (current === undefined) {
            await syncFolder(path.dirname(this.file)); // a new file: its name must be durable too
        }
        this.appender = { fd, inode: (await fstat(fd)).ino };
        return fd;
    }

    /**
     * Folds what was appended since the last read; a file replaced by pruning is read again from its start. Callers
     * share a read that has not started yet (it sees everything appended before their call): a refresh's reads each
     * ask, up to the client's concurrency at once, and one `stat` then serves them all.
     */
    private catchUp(): Promise<void> {
        if (this.queuedRead) {
            return this.queuedRead;
        }
        const next = this.reading.then(() => {
            this.queuedRead = undefined;
            return this.readNew();
        });
        this.queuedRead = next;
        this.reading = next.catch(() => undefined);
        return next;
    }

    private async readNew(): Promise<void> {
        let stat: fs.Stats;
        try {
            stat = await fs.promises.stat(this.file);
        } catch (error) {
            if ((error as NodeJS.ErrnoException).code === "ENOENT") {
                this.reset(undefined);
                return;
            }
            throw error;
        }
        if (stat.ino !== this.inode || stat.size < this.offset) {
            this.reset(stat.ino);
        }
        if (stat.size === this.offset) {
            return;
        }
        const handle = await fs.promises.open(this.file, "r");
        let bytes: Buffer;
        try {
            // Read from the handle: a rename between stat and open would hand us another file.
            const current = await handle.stat();
            if (current.ino !== this.inode) {
                this.reset(current.ino);
            }
            const length = current.size - this.offset;
            bytes = Buffer.alloc(Math.max(length, 0));
            if (length > 0) {
                await handle.read(bytes, 0, length, this.offset);
            }
        } finally {
            await handle.close();
        }
        // Only whole lines: another process may be between its write and its newline.
        const end = bytes.lastIndexOf(0x0a);
        if (end < 0) {
            return;
        }
        this.offset += end + 1;
        for (const line of bytes.subarray(0, end).toString("utf8").split("\n")) {
            this.lineNumber++;
            if (line.trim()) {
                this.apply(line);
            }
        }
    }

    private reset(inode: number | undefined): void {
        this.intentsById.clear();
        this.offset = 0;
        this.lineNumber = 0;
        this.inode = inode;
    }

    private apply(line: string): void {
        let json: unknown;
        try {
            json = JSON.parse(line);
        } catch {
            json = undefined;
        }
        const parsed = checkShape("journalLine", json);
        if (!parsed.ok) {
            this.options.onProblem?.(
                `line ${this.lineNumber} of the create journal ${this.file} is not a journal record, so it was skipped; ` +
                    "the rest of the journal is used",
            );
            return;
        }
        const record = parsed.value;
        switch (record.op) {
            case "begin":
                if (!this.intentsById.has(record.intent.intentId)) {
                    this.intentsById.set(record.intent.intentId, record.intent);
                }
                break;
            case "intent":
                this.intentsById.set(record.intent.intentId, record.intent);
                break;
            case "answer": {
                const intent = this.intentsById.get(record.intentId);
                if (intent) {
                    intent.state = "answered";
                    intent.objectId = record.objectId;
                }
                break;
            }
            case "fail": {
                const intent = this.intentsById.get(record.intentId);
                if (intent) {
                    intent.state = "failed";
                    intent.error = record.error;
                }
                break;
            }
            case "held": {
                const ids = new Set(record.objectIds);
                for (const intent of this.intentsById.values()) {
                    if (
                        intent.heldAt === undefined &&
                        intent.objectId !== undefined &&
                        ids.has(intent.objectId) &&
                        intent.appKey === record.appKey &&
                        intent.kind === record.kind
                    ) {
                        intent.heldAt = record.at;
                    }
                }
                break;
            }
        }
    }

    /**
     * Takes `<file>.lock` (created exclusively; it names its holder), waiting while another live process holds it.
     * A lock whose holder is gone (a process of this machine and PID namespace that no longer runs), or that is older
     * than any write takes, is taken over; a lock is removed only while it still holds what was judged or written.
     */
    private async lock(): Promise<() => Promise<void>> {
        const lockFile = `${this.file}.lock`;
        const owner = `${process.pid} ${os.hostname()} ${PID_NAMESPACE} ${randomUUID()}`;
        const deadline = Date.now() + (this.options.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS);
        for (let attempt = 0; ; attempt++) {
            try {
                await fs.promises.writeFile(lockFile, owner, { flag: "wx", mode: 0o600 });
                // Ours until removed: another process takes a lock over only once its holder is gone or
                // STALE_LOCK_MS old, and a write holds it for milliseconds.
                return () => removeIfHolds(lockFile, owner);
            } catch (error) {
                if ((error as NodeJS.ErrnoException).code !== "EEXIST") {
                    throw error;
                }
            }
            const stale = await staleHolder(lockFile);
            if (stale !== undefined) {
                await removeIfHolds(lockFile, stale);
                continue;
            }
            if (Date.now() > deadline) {
                const holder = await fs.promises.readFile(lockFile, "utf8").catch(() => "");
                throw new Error(
                    `the create journal ${this.file} stayed locked by another process (${holder.split(" ")[0] || "unknown"}) ` +
                        `for ${this.options.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS} ms; if no pulumi command is running, remove ${lockFile}`,
                );
            }
            await new Promise((resolve) => setTimeout(resolve, Math.min(2 + attempt * 2, 25)));
        }
    }
}

/**
 * The PID namespace of this process (Linux), so that a pid in a lock is judged only by a process that can see it:
 * two containers sharing a folder may share a hostname and pids too.
 */
const PID_NAMESPACE = (() => {
    try {
        return fs.readlinkSync("/proc/self/ns/pid").replace(/\s/g, "");
    } catch {
        return "-";
    }
})();

/**
 * What a lock file holds when its holder is gone: a process of this machine and PID namespace that no longer runs, or
 * a lock far too old; undefined while its holder may be alive.
 */
async function staleHolder(lockFile: string): Promise<string | undefined> {
    let text: string;
    let stat: fs.Stats;
    try {
        [text, stat] = await Promise.all([fs.promises.readFile(lockFile, "utf8"), fs.promises.stat(lockFile)]);
    } catch {
        return undefined; // gone already, or being written: try again
    }
    if (Date.now() - stat.mtimeMs > STALE_LOCK_MS) {
        return text;
    }
    const [pid, host, namespace] = text.split(" ");
    if (host !== os.hostname() || namespace !== PID_NAMESPACE || !/^\d+$/.test(pid ?? "")) {
        return undefined;
    }
    try {
        process.kill(Number(pid), 0);
        return undefined;
    } catch (error) {
        return (error as NodeJS.ErrnoException).code === "ESRCH" ? text : undefined;
    }
}

/** Removes a lock file only while it still holds `holder`: never a lock another process has taken since. */
async function removeIfHolds(lockFile: string, holder: string): Promise<void> {
    const text = await fs.promises.readFile(lockFile, "utf8").catch(() => undefined);
    if (text === holder) {
        await fs.promises.rm(lockFile, { force: true });
    }
}

const open = promisify(fs.open);
const close = promisify(fs.close);
const fstat = promisify(fs.fstat);
const fdatasync = promisify(fs.fdatasync);
const write = promisify(fs.write);

/** Writes all of `bytes` at the end of an append-mode descriptor. */
async function writeAll(fd: number, bytes: Buffer): Promise<void> {
    for (let offset = 0; offset < bytes.length; ) {
        const { bytesWritten } = await write(fd, bytes, offset, bytes.length - offset);
        offset += bytesWritten;
    }
}

/** Makes a new or renamed file's entry in `folder` durable too. */
async function syncFolder(folder: string): Promise<void> {
    const handle = await fs.promises.open(folder, "r");
    try {
        await handle.sync();
    } finally {
        await handle.close();
    }
}
