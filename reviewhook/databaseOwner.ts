import { randomUUID } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";

/**
 * What a running hook writes next to its database. Only the instance id and the lease decide anything: a record is
 * stale once `leaseUntil` has passed. Host name and pid are there for people reading the message; neither is
 * checked, since two containers can share a host name and each run the hook as pid 1.
 */
interface OwnerRecord {
    /** Random per start, so that a hook can tell its own record from one that replaced it. */
    instance: string;
    hostname: string;
    pid: number;
    startedAt: string;
    /** Epoch ms until which the owner may write; it renews the record every third of `leaseMs`. */
    leaseUntil: number;
    leaseMs: number;
}

/** Thrown when the database is, or may be, in use by another hook; the message says how to proceed. */
export class DatabaseInUseError extends Error {}

/** How a database is claimed: whether to displace an owner whose lease still runs, and how long a lease lasts. */
export interface ClaimOptions {
    breakLock: boolean;
    leaseMs: number;
    /** Called once if the lease is found expired or taken over while this hook runs; writes are refused from then on. */
    onLost: (reason: string) => void;
}

/**
 * A database this process holds: a lease in `<file>.owner` that it renews while it runs, and checks before every
 * write, so that a hook that was stalled past its lease (and may have been replaced) never writes again.
 */
export class DatabaseClaim {
    /** Whether a `.lock` folder left by a hook that is gone had to be cleared. */
    readonly removedStaleLock: boolean;
    /** Set when an owner record was displaced: who it named (host and pid), for the log. */
    readonly displaced?: { owner: string; expired: boolean };
    private content: string;
    private leaseUntil: number;
    private lostReason: string | undefined;
    private readonly timer: NodeJS.Timeout;

    /** @internal Made by {@link claimDatabase}. */
    constructor(
        readonly databasePath: string,
        private readonly ownerPath: string,
        private record: OwnerRecord,
        private readonly onLost: (reason: string) => void,
        removedStaleLock: boolean,
        displaced: { owner: string; expired: boolean } | undefined,
    ) {
        this.content = serialize(record);
        this.leaseUntil = record.leaseUntil;
        this.removedStaleLock = removedStaleLock;
        this.displaced = displaced;
        this.timer = setInterval(() => this.renew(), Math.max(1, Math.floor(record.leaseMs / 3)));
        // The lease alone must not keep a process alive that has nothing else to do.
        this.timer.unref();
    }

    /** Why this hook no longer holds the database, or undefined while it does. */
    get lost(): string | undefined {
        return this.lostReason;
    }

    /**
     * Throws unless this hook still holds an unexpired lease; renews it first when a third of it is used up (the
     * timer may be late on a busy event loop). Called before every statement.
     */
    assertHeld(): void {
        if (this.lostReason === undefined && this.leaseUntil - Date.now() < (this.record.leaseMs * 2) / 3) {
            this.renew();
        }
        if (this.lostReason !== undefined) {
            throw new Error(`the database ${this.databasePath} is no longer this hook's: ${this.lostReason}`);
        }
    }

    /** Gives the database up at a clean shutdown; the record is removed only while it is still this hook's. */
    release(): void {
        clearInterval(this.timer);
        if (this.lostReason !== undefined) {
            return;
        }
        this.lostReason = "it was released";
        // Moved aside before checking, so that a record written by someone else in between is never deleted.
        const aside = `${this.ownerPath}.${randomUUID()}.releasing`;
        try {
            fs.renameSync(this.ownerPath, aside);
        } catch {
            return;
        }
        if (readText(aside) !== this.content) {
            try {
                fs.linkSync(aside, this.ownerPath);
            } catch {
                // Another record took its place meanwhile; that one stands.
            }
        }
        fs.rmSync(aside, { force: true });
    }

    /** Extends the lease while it has not expired and the record is still ours; otherwise gives the database up. */
    private renew(): void {
        if (this.lostReason !== undefined) {
            return;
        }
        const now = Date.now();
        if (now >= this.leaseUntil) {
            // Stalled past the lease: another hook may already have taken the file over, so never write again.
            this.lose(`its lease expired at ${new Date(this.leaseUntil).toISOString()} before it was renewed`);
            return;
        }
        const current = readText(this.ownerPath);
        if (current !== this.content) {
            this.lose("another hook has taken it over");
            return;
        }
        const renewed = { ...this.record, leaseUntil: now + this.record.leaseMs };
        try {
            replaceAtomically(this.ownerPath, serialize(renewed));
        } catch {
            // The old lease still runs; the next renewal tries again, and assertHeld refuses once it is over.
            return;
        }
        this.record = renewed;
        this.content = serialize(renewed);
        this.leaseUntil = renewed.leaseUntil;
    }

    private lose(reason: string): void {
        this.lostReason = reason;
        clearInterval(this.timer);
        this.onLost(reason);
    }
}

/**
 * Claims a database file for this process. The SQLite build in use locks a database with a `<file>.lock` folder,
 * which a killed process leaves behind, so each hook also records itself in `<file>.owner` with a random instance
 * id and a lease it renews while it runs. The record is created atomically (a complete temporary file hard-linked
 * into place, which fails when one exists). An existing record is taken over only once its lease has expired, or
 * with `breakLock`; an unreadable record (or one from a hook that predates leases) is refused unless `breakLock`.
 */
export function claimDatabase(databasePath: string, options: ClaimOptions): DatabaseClaim {
    const ownerPath = `${databasePath}.owner`;
    const lockPath = `${databasePath}.lock`;
    const now = Date.now();
    const record: OwnerRecord = {
        instance: randomUUID(),
        hostname: os.hostname(),
        pid: process.pid,
        startedAt: new Date(now).toISOString(),
        leaseUntil: now + options.leaseMs,
        leaseMs: options.leaseMs,
    };
    const claim = (removedStaleLock: boolean, displaced?: { owner: string; expired: boolean }) =>
        new DatabaseClaim(databasePath, ownerPath, record, options.onLost, removedStaleLock, displaced);
    if (createExclusively(ownerPath, serialize(record))) {
        // No owner record: a `.lock` folder now would belong to a hook whose record vanished, which cannot be
        // verified; SQLite itself then refuses to open, and that error is turned into the advice below.
        return claim(false);
    }
    const existing = readText(ownerPath);
    const owner = existing === undefined ? undefined : parseOwner(existing);
    const expired = owner !== undefined && owner.leaseUntil <= Date.now();
    if (!expired && !options.breakLock) {
        throw new DatabaseInUseError(`the database ${databasePath} ${refusal(owner, ownerPath)}`);
    }
    // Take the record over: move it aside (only one hook can), check it is the one judged, then create ours.
    const aside = `${ownerPath}.${record.instance}.replaced`;
    const raced = () =>
        new DatabaseInUseError(
            `the database ${databasePath} was claimed by another review hook starting at the same time`,
        );
    try {
        fs.renameSync(ownerPath, aside);
    } catch {
        throw raced();
    }
    const moved = readText(aside);
    if (moved !== existing) {
        // Another hook replaced the record meanwhile (or its owner renewed it): put it back and give way.
        try {
            fs.linkSync(aside, ownerPath);
        } catch {
            // A third one got in between; its record stands and ours is not written.
        }
        fs.rmSync(aside, { force: true });
        throw raced();
    }
    fs.rmSync(aside, { force: true });
    record.leaseUntil = Date.now() + options.leaseMs;
    if (!createExclusively(ownerPath, serialize(record))) {
        throw raced();
    }
    const removedStaleLock = fs.existsSync(lockPath);
    if (removedStaleLock) {
        fs.rmSync(lockPath, { recursive: true, force: true });
    }
    return claim(removedStaleLock, {
        owner: owner ? `${owner.hostname} pid ${owner.pid}` : "an unreadable owner record",
        expired,
    });
}

/** The advice given when SQLite finds a lock but no owner record explains it. */
export function unexplainedLockAdvice(databasePath: string): string {
    return (
        `the database ${databasePath} is locked (${databasePath}.lock exists) but no review hook has recorded itself as its owner; ` +
        `if no other hook uses this file, start once with --break-lock`
    );
}

function refusal(owner: OwnerRecord | undefined, ownerPath: string): string {
    const proceed =
        "If you know that hook is gone for good and cannot wait for its lease to run out, start once with --break-lock.";
    if (!owner) {
        return (
            `has an owner record ${ownerPath} that cannot be read (or was written by a hook without leases), so whether its hook still runs cannot be checked. ` +
            "If you know that hook is gone, start once with --break-lock."
        );
    }
    return (
        `is in use by another review hook (instance ${owner.instance} on host ${owner.hostname}, pid ${owner.pid}, since ${owner.startedAt}), ` +
        `whose lease runs until ${new Date(owner.leaseUntil).toISOString()} and is renewed while it runs. Stop it first; ` +
        `SQLite takes one hook at a time (several replicas need PostgreSQL). Once it stops, the file is free when its lease ends. ${proceed}`
    );
}

function serialize(record: OwnerRecord): string {
    return `${JSON.stringify(record)}\n`;
}

function parseOwner(text: string): OwnerRecord | undefined {
    try {
        const parsed = JSON.parse(text) as Partial<OwnerRecord>;
        return typeof parsed.instance === "string" &&
            Number.isSafeInteger(parsed.leaseUntil) &&
            Number.isSafeInteger(parsed.leaseMs) &&
            typeof parsed.hostname === "string" &&
            Number.isSafeInteger(parsed.pid)
            ? (parsed as OwnerRecord)
            : undefined;
    } catch {
        return undefined;
    }
}

/** Creates `target` with `content` only if it does not exist, never leaving a partly written file under that name. */
function createExclusively(target: string, content: string): boolean {
    const temporary = writeTemporary(target, content);
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

/** Replaces `target` with `content` in one step, so that a reader sees the old record or the new one, never a part. */
function replaceAtomically(target: string, content: string): void {
    const temporary = writeTemporary(target, content);
    try {
        fs.renameSync(temporary, target);
    } catch (error) {
        fs.rmSync(temporary, { force: true });
        throw error;
    }
}

/** Writes and syncs `content` under a fresh name beside `target`; returns that name. */
function writeTemporary(target: string, content: string): string {
    const temporary = `${target}.${randomUUID()}.tmp`;
    const fd = fs.openSync(temporary, "wx", 0o644);
    try {
        fs.writeFileSync(fd, content);
        fs.fsyncSync(fd);
    } finally {
        fs.closeSync(fd);
    }
    return temporary;
}

function readText(file: string): string | undefined {
    try {
        return fs.readFileSync(file, "utf8");
    } catch {
        return undefined;
    }
}
