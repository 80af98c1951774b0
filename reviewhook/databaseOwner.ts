import { randomUUID } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** What a running hook writes next to its database, so that the next start can tell a crash from a live owner. */
interface OwnerRecord {
    pid: number;
    hostname: string;
    startedAt: string;
    /** Unique per start, so that a hook can tell its own record from one that replaced it. */
    claim: string;
}

/** Thrown when the database is, or may be, in use by another hook; the message says how to proceed. */
export class DatabaseInUseError extends Error {}

/** A database this process holds: where its owner record is and the exact text it wrote there. */
export interface DatabaseClaim {
    databasePath: string;
    ownerPath: string;
    content: string;
    /** Whether a `.lock` folder left by a hook that is gone had to be cleared. */
    removedStaleLock: boolean;
    /** Set when --break-lock displaced an owner record: who it named (host and pid), for the log. */
    brokeLockOf?: string;
}

/** Databases claimed by hooks of this process, which the pid in an owner file cannot tell apart. */
const claimedHere = new Set<string>();

/**
 * Claims a database file for this process. The SQLite build in use locks a database with a `<file>.lock` folder,
 * which a killed process leaves behind. So each hook records itself in `<file>.owner`, created atomically (a
 * complete temporary file hard-linked into place, which fails when one exists). An existing record is cleared only
 * when it is provably stale: written on this host by a process that is gone. A record from another host (a shared
 * volume, a second container) or one that cannot be read is refused unless `breakLock` says the operator knows that
 * owner is gone.
 */
export function claimDatabase(databasePath: string, breakLock = false): DatabaseClaim {
    const absolute = path.resolve(databasePath);
    if (claimedHere.has(absolute)) {
        throw new DatabaseInUseError(`the database ${databasePath} is in use by another review hook of this process`);
    }
    const ownerPath = `${databasePath}.owner`;
    const lockPath = `${databasePath}.lock`;
    const record: OwnerRecord = {
        pid: process.pid,
        hostname: os.hostname(),
        startedAt: new Date().toISOString(),
        claim: randomUUID(),
    };
    const content = `${JSON.stringify(record)}\n`;
    if (createExclusively(ownerPath, content)) {
        // No owner record: a `.lock` folder now would belong to a hook whose record vanished, which cannot be
        // verified; SQLite itself then refuses to open, and that error is turned into the advice below.
        claimedHere.add(absolute);
        return { databasePath, ownerPath, content, removedStaleLock: false };
    }
    const existing = readText(ownerPath);
    const owner = existing === undefined ? undefined : parseOwner(existing);
    const verdict = judge(owner);
    if (verdict !== "stale" && !breakLock) {
        throw new DatabaseInUseError(`the database ${databasePath} ${refusal(verdict, owner, ownerPath)}`);
    }
    // Take the record over: move it aside (only one hook can), check it is the one judged, then create ours.
    const aside = `${ownerPath}.${record.claim}.replaced`;
    try {
        fs.renameSync(ownerPath, aside);
    } catch (error) {
        throw new DatabaseInUseError(
            `the database ${databasePath} was claimed by another review hook starting at the same time (${codeOf(error)})`,
        );
    }
    const moved = readText(aside);
    if (moved !== existing) {
        // Another hook replaced the record meanwhile: put its record back and give way.
        try {
            fs.linkSync(aside, ownerPath);
        } catch {
            // A third one got in between; its record stands and ours is not written.
        }
        fs.rmSync(aside, { force: true });
        throw new DatabaseInUseError(
            `the database ${databasePath} was claimed by another review hook starting at the same time`,
        );
    }
    fs.rmSync(aside, { force: true });
    if (!createExclusively(ownerPath, content)) {
        throw new DatabaseInUseError(
            `the database ${databasePath} was claimed by another review hook starting at the same time`,
        );
    }
    const removedStaleLock = fs.existsSync(lockPath);
    if (removedStaleLock) {
        fs.rmSync(lockPath, { recursive: true, force: true });
    }
    claimedHere.add(absolute);
    const brokeLockOf =
        verdict === "stale" ? undefined : owner ? `${owner.hostname} pid ${owner.pid}` : "an unreadable owner record";
    return { databasePath, ownerPath, content, removedStaleLock, brokeLockOf };
}

/** The advice given when SQLite finds a lock but no owner record explains it. */
export function unexplainedLockAdvice(databasePath: string): string {
    return (
        `the database ${databasePath} is locked (${databasePath}.lock exists) but no review hook has recorded itself as its owner; ` +
        `if no other hook uses this file, start once with --break-lock`
    );
}

/** Gives the database up at a clean shutdown; the owner record is removed only while it is still the one written here. */
export function releaseDatabase(claim: DatabaseClaim): void {
    claimedHere.delete(path.resolve(claim.databasePath));
    // Moved aside before checking, so that a record written by someone else in between is never deleted.
    const aside = `${claim.ownerPath}.${process.pid}.${randomUUID()}.releasing`;
    try {
        fs.renameSync(claim.ownerPath, aside);
    } catch {
        return;
    }
    if (readText(aside) === claim.content) {
        fs.rmSync(aside, { force: true });
        return;
    }
    try {
        fs.linkSync(aside, claim.ownerPath);
    } catch {
        // Another record took its place meanwhile; that one stands.
    }
    fs.rmSync(aside, { force: true });
}

/** Creates `target` with `content` only if it does not exist, never leaving a partly written file under that name. */
function createExclusively(target: string, content: string): boolean {
    const temporary = `${target}.${process.pid}.${randomUUID()}.tmp`;
    const fd = fs.openSync(temporary, "wx", 0o644);
    try {
        fs.writeFileSync(fd, content);
        fs.fsyncSync(fd);
    } finally {
        fs.closeSync(fd);
    }
    try {
        fs.linkSync(temporary, target);
        return true;
    } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "EEXIST") {
            return false;
        }
        throw error;
    } finally {
        fs.rmSync(temporary, { force: true });
    }
}

type Verdict = "stale" | "live-here" | "other-host" | "unverifiable";

function judge(owner: OwnerRecord | undefined): Verdict {
    if (!owner) {
        return "unverifiable";
    }
    if (owner.hostname !== os.hostname()) {
        return "other-host";
    }
    // A record with our own pid is from an earlier run (a restarted container whose hook is pid 1 again).
    if (owner.pid !== process.pid && isAlive(owner.pid)) {
        return "live-here";
    }
    return "stale";
}

function refusal(verdict: Verdict, owner: OwnerRecord | undefined, ownerPath: string): string {
    const proceed =
        "If you know that hook is gone (its host or container stopped for good), start once with --break-lock.";
    switch (verdict) {
        case "live-here":
            return `is in use by another review hook (pid ${owner!.pid}). Stop it first; run one hook per SQLite file (several replicas need PostgreSQL).`;
        case "other-host":
            return (
                `is claimed by a review hook on host ${owner!.hostname} (pid ${owner!.pid}, since ${owner!.startedAt}), which cannot be checked from here. ` +
                `Stop that hook first; SQLite takes one hook at a time (several replicas need PostgreSQL). ${proceed}`
            );
        default:
            return `has an owner record ${ownerPath} that cannot be read, so whether its hook still runs cannot be checked. ${proceed}`;
    }
}

function parseOwner(text: string): OwnerRecord | undefined {
    try {
        const parsed = JSON.parse(text) as Partial<OwnerRecord>;
        return Number.isSafeInteger(parsed.pid) &&
            (parsed.pid as number) > 0 &&
            typeof parsed.hostname === "string" &&
            parsed.hostname !== ""
            ? (parsed as OwnerRecord)
            : undefined;
    } catch {
        return undefined;
    }
}

function readText(file: string): string | undefined {
    try {
        return fs.readFileSync(file, "utf8");
    } catch {
        return undefined;
    }
}

function codeOf(error: unknown): string {
    return (error as NodeJS.ErrnoException).code ?? "error";
}

function isAlive(pid: number): boolean {
    try {
        process.kill(pid, 0);
        return true;
    } catch (error) {
        // EPERM: the process exists but belongs to someone else.
        return (error as NodeJS.ErrnoException).code === "EPERM";
    }
}
