import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** What a running hook writes next to its database, so that the next start can tell a crash from a live owner. */
interface OwnerRecord {
    pid: number;
    hostname: string;
    startedAt: string;
}

/** Thrown when another live hook on this machine already uses the database. */
export class DatabaseInUseError extends Error {}

/** Databases claimed by hooks of this process, which the pid in an owner file cannot tell apart. */
const claimedHere = new Set<string>();

/**
 * Claims a database file for this process. The SQLite build in use locks a database with a `<file>.lock` folder,
 * which a killed process leaves behind and which would then block every later start. So each hook records itself in
 * `<file>.owner`; at start, a lock whose recorded owner is gone is stale and removed. Returns whether one was.
 */
export function claimDatabase(databasePath: string): { removedStaleLock: boolean } {
    const absolute = path.resolve(databasePath);
    if (claimedHere.has(absolute)) {
        throw new DatabaseInUseError(`the database ${databasePath} is in use by another review hook of this process`);
    }
    const ownerPath = `${databasePath}.owner`;
    const lockPath = `${databasePath}.lock`;
    const owner = readOwner(ownerPath);
    if (owner && owner.hostname === os.hostname() && owner.pid !== process.pid && isAlive(owner.pid)) {
        throw new DatabaseInUseError(`the database ${databasePath} is in use by another review hook (pid ${owner.pid})`);
    }
    const removedStaleLock = fs.existsSync(lockPath);
    if (removedStaleLock) {
        fs.rmSync(lockPath, { recursive: true, force: true });
    }
    const record: OwnerRecord = { pid: process.pid, hostname: os.hostname(), startedAt: new Date().toISOString() };
    fs.writeFileSync(ownerPath, `${JSON.stringify(record)}\n`);
    claimedHere.add(absolute);
    return { removedStaleLock };
}

/** Gives the database up at a clean shutdown. */
export function releaseDatabase(databasePath: string): void {
    claimedHere.delete(path.resolve(databasePath));
    fs.rmSync(`${databasePath}.owner`, { force: true });
}

function readOwner(ownerPath: string): OwnerRecord | undefined {
    try {
        const parsed = JSON.parse(fs.readFileSync(ownerPath, "utf8")) as Partial<OwnerRecord>;
        return typeof parsed.pid === "number" && typeof parsed.hostname === "string" ? (parsed as OwnerRecord) : undefined;
    } catch {
        return undefined;
    }
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
