import * as fs from "node:fs";
import * as yaml from "js-yaml";
import { z } from "zod";
import type { HookApp, ReviewHookOptions } from "./options";
import { isPostgresUrl } from "./postgresReviewStore";

/** The port `jsms-review-hook` listens on when neither the config nor the command line names one. */
export const DEFAULT_CLI_PORT = 8080;
/** The database file `jsms-review-hook` uses when none is configured (relative to its working directory). */
export const DEFAULT_DATABASE_PATH = "review-hook.sqlite";

/** The environment variables the hook reads; secrets may come from here instead of the config file. */
export const HOOK_ENVIRONMENT = {
    token: "JSMS_REVIEW_HOOK_TOKEN",
    tokenFile: "JSMS_REVIEW_HOOK_TOKEN_FILE",
    apps: "JSMS_REVIEW_HOOK_APPS",
    appKey: "JSMS_APP_KEY",
    masterSecret: "JSMS_MASTER_SECRET",
    host: "JSMS_REVIEW_HOOK_HOST",
    port: "JSMS_REVIEW_HOOK_PORT",
    database: "JSMS_REVIEW_HOOK_DB",
    jsmsEndpoint: "JSMS_ENDPOINT",
} as const;

/** A configuration that cannot be used; its message names keys and files, never a secret value. */
export class HookConfigError extends Error {}

const appEntry = z
    .object({
        appKey: z.string().min(1),
        masterSecret: z.string().min(1).optional(),
        masterSecretFile: z.string().min(1).optional(),
    })
    .strict()
    .refine(
        (app) => (app.masterSecret === undefined) !== (app.masterSecretFile === undefined),
        "give masterSecret or masterSecretFile, not both",
    );

const fileSchema = z
    .object({
        host: z.string().min(1).optional(),
        port: z.number().int().min(0).max(65535).optional(),
        databasePath: z.string().min(1).optional(),
        databaseUrl: z.string().min(1).optional(),
        databaseUrlFile: z.string().min(1).optional(),
        breakLock: z.boolean().optional(),
        token: z.string().min(1).optional(),
        tokenFile: z.string().min(1).optional(),
        apps: z.array(appEntry).optional(),
        jsmsEndpoint: z.string().min(1).optional(),
        maxBodyBytes: z.number().int().positive().optional(),
        maxClockSkewMs: z.number().int().positive().optional(),
        shutdownGraceMs: z.number().int().nonnegative().optional(),
        headersTimeoutMs: z.number().int().positive().optional(),
        requestTimeoutMs: z.number().int().positive().optional(),
        maxConnections: z.number().int().positive().optional(),
        sqliteLeaseMs: z.number().int().positive().optional(),
        postgresPoolSize: z.number().int().positive().optional(),
        postgresStatementTimeoutMs: z.number().int().positive().optional(),
        postgresLockTimeoutMs: z.number().int().positive().optional(),
        postgresIdleInTransactionTimeoutMs: z.number().int().positive().optional(),
    })
    .strict()
    .refine(
        (file) =>
            [file.databasePath, file.databaseUrl, file.databaseUrlFile].filter((value) => value !== undefined).length <=
            1,
        "give at most one of databasePath, databaseUrl and databaseUrlFile",
    );

/** What the command line may override. */
export interface HookOverrides {
    configPath?: string;
    host?: string;
    port?: number;
    /** `--db`: a SQLite file, or a postgres:// URL. */
    database?: string;
    breakLock?: boolean;
    headersTimeoutMs?: number;
    requestTimeoutMs?: number;
    maxConnections?: number;
    sqliteLeaseMs?: number;
    postgresPoolSize?: number;
    postgresStatementTimeoutMs?: number;
    postgresLockTimeoutMs?: number;
    postgresIdleInTransactionTimeoutMs?: number;
    /** `--jsms-endpoint`: where orphans are read at JSMS. */
    jsmsEndpoint?: string;
}

/**
 * Builds the hook's options from, by precedence, the command line, the environment and a JSON or YAML file.
 * Secrets (the token, master secrets) may be given inline, as `…File` paths (e.g. container secrets) or through the
 * environment; apps from the environment are added to the file's, replacing one with the same appKey.
 */
export function loadHookConfig(
    overrides: HookOverrides,
    env: NodeJS.ProcessEnv = process.env,
): Omit<ReviewHookOptions, "log"> {
    const file = overrides.configPath === undefined ? {} : readConfigFile(overrides.configPath);
    const apps = new Map<string, HookApp>();
    for (const app of file.apps ?? []) {
        apps.set(app.appKey, {
            appKey: app.appKey,
            masterSecret:
                app.masterSecret ?? readSecretFile(app.masterSecretFile!, `apps[${app.appKey}].masterSecretFile`),
        });
    }
    for (const app of appsFromEnvironment(env)) {
        apps.set(app.appKey, app);
    }
    const envToken = env[HOOK_ENVIRONMENT.token] || undefined;
    const envTokenFile = env[HOOK_ENVIRONMENT.tokenFile] || undefined;
    const token =
        envToken ??
        (envTokenFile && readSecretFile(envTokenFile, HOOK_ENVIRONMENT.tokenFile)) ??
        file.token ??
        (file.tokenFile && readSecretFile(file.tokenFile, "tokenFile"));
    if (!token) {
        throw new HookConfigError(
            `no token: set ${HOOK_ENVIRONMENT.token} (or ${HOOK_ENVIRONMENT.tokenFile}), or token/tokenFile in the config file`,
        );
    }
    if (apps.size === 0) {
        throw new HookConfigError(
            `no app: set ${HOOK_ENVIRONMENT.apps}=KEY:SECRET[,KEY:SECRET…] or ${HOOK_ENVIRONMENT.appKey} and ${HOOK_ENVIRONMENT.masterSecret}, or apps in the config file`,
        );
    }
    // The command line's or the environment's database wins over the file's, whichever kind each names.
    const fileUrl =
        file.databaseUrl ?? (file.databaseUrlFile && readSecretFile(file.databaseUrlFile, "databaseUrlFile"));
    if (fileUrl !== undefined && !isPostgresUrl(fileUrl)) {
        // Never quoted: it may hold a password.
        throw new HookConfigError(
            `${file.databaseUrl === undefined ? "databaseUrlFile" : "databaseUrl"}: expected a postgres:// or postgresql:// URL`,
        );
    }
    const database =
        overrides.database ??
        (env[HOOK_ENVIRONMENT.database] || undefined) ??
        fileUrl ??
        file.databasePath ??
        DEFAULT_DATABASE_PATH;
    return {
        host: overrides.host ?? (env[HOOK_ENVIRONMENT.host] || undefined) ?? file.host,
        port: overrides.port ?? portFromEnvironment(env) ?? file.port ?? DEFAULT_CLI_PORT,
        ...(isPostgresUrl(database) ? { databaseUrl: database } : { databasePath: database }),
        breakLock: overrides.breakLock ?? file.breakLock,
        apps: [...apps.values()],
        token,
        jsmsEndpoint: overrides.jsmsEndpoint ?? (env[HOOK_ENVIRONMENT.jsmsEndpoint] || undefined) ?? file.jsmsEndpoint,
        maxBodyBytes: file.maxBodyBytes,
        maxClockSkewMs: file.maxClockSkewMs,
        headersTimeoutMs: overrides.headersTimeoutMs ?? file.headersTimeoutMs,
        requestTimeoutMs: overrides.requestTimeoutMs ?? file.requestTimeoutMs,
        maxConnections: overrides.maxConnections ?? file.maxConnections,
        shutdownGraceMs: file.shutdownGraceMs,
        sqliteLeaseMs: overrides.sqliteLeaseMs ?? file.sqliteLeaseMs,
        postgresPoolSize: overrides.postgresPoolSize ?? file.postgresPoolSize,
        postgresStatementTimeoutMs: overrides.postgresStatementTimeoutMs ?? file.postgresStatementTimeoutMs,
        postgresLockTimeoutMs: overrides.postgresLockTimeoutMs ?? file.postgresLockTimeoutMs,
        postgresIdleInTransactionTimeoutMs:
            overrides.postgresIdleInTransactionTimeoutMs ?? file.postgresIdleInTransactionTimeoutMs,
    };
}

function readConfigFile(configPath: string): z.output<typeof fileSchema> {
    let text: string;
    try {
        text = fs.readFileSync(configPath, "utf8");
    } catch (error) {
        throw new HookConfigError(
            `cannot read the config file ${configPath}: ${(error as NodeJS.ErrnoException).code ?? "error"}`,
        );
    }
    let document: unknown;
    try {
        // YAML is a superset of JSON, so one parser reads both.
        document = yaml.load(text, { filename: configPath }) ?? {};
    } catch (error) {
        // js-yaml's message quotes the offending line, which may hold a secret: give the position only.
        const mark = (error as yaml.YAMLException).mark;
        const where = mark ? ` at line ${mark.line + 1}, column ${mark.column + 1}` : "";
        throw new HookConfigError(`the config file ${configPath} is not valid YAML or JSON${where}`);
    }
    const parsed = fileSchema.safeParse(document, { reportInput: false });
    if (!parsed.success) {
        const problems = parsed.error.issues.map((issue) => `  ${issue.path.join(".") || "(file)"}: ${issue.message}`);
        throw new HookConfigError(`the config file ${configPath} is invalid:\n${problems.join("\n")}`);
    }
    return parsed.data;
}

/** `JSMS_REVIEW_HOOK_APPS=KEY:SECRET,…`, plus the provider's own single-app variables when both are set. */
function appsFromEnvironment(env: NodeJS.ProcessEnv): HookApp[] {
    const apps: HookApp[] = [];
    const list = env[HOOK_ENVIRONMENT.apps]?.trim();
    if (list) {
        for (const [index, entry] of list.split(",").entries()) {
            const colon = entry.indexOf(":");
            const appKey = entry.slice(0, colon).trim();
            const masterSecret = entry.slice(colon + 1).trim();
            if (colon <= 0 || appKey === "" || masterSecret === "") {
                throw new HookConfigError(`${HOOK_ENVIRONMENT.apps}: entry ${index + 1} is not KEY:SECRET`);
            }
            apps.push({ appKey, masterSecret });
        }
    }
    const appKey = env[HOOK_ENVIRONMENT.appKey];
    const masterSecret = env[HOOK_ENVIRONMENT.masterSecret];
    if (appKey && masterSecret) {
        apps.push({ appKey, masterSecret });
    }
    return apps;
}

function portFromEnvironment(env: NodeJS.ProcessEnv): number | undefined {
    const value = env[HOOK_ENVIRONMENT.port];
    if (!value) {
        return undefined;
    }
    if (!/^\d{1,5}$/.test(value) || Number(value) > 65535) {
        throw new HookConfigError(`${HOOK_ENVIRONMENT.port} must be a port number, not "${value}"`);
    }
    return Number(value);
}

/** Reads a secret from a file (trailing newline dropped); an error names the setting and the path only. */
function readSecretFile(filePath: string, setting: string): string {
    let text: string;
    try {
        text = fs.readFileSync(filePath, "utf8");
    } catch (error) {
        throw new HookConfigError(
            `${setting}: cannot read ${filePath}: ${(error as NodeJS.ErrnoException).code ?? "error"}`,
        );
    }
    const secret = text.replace(/\r?\n$/, "");
    if (secret === "") {
        throw new HookConfigError(`${setting}: ${filePath} is empty`);
    }
    return secret;
}
