import * as fs from "node:fs";
import * as yaml from "js-yaml";
import { z } from "zod";
import { type SettingTable, SettingError, fileShape, readEnvironment } from "pulumi-jsms/commandline/settingTable";
import { HOOK_SETTINGS, type HookApp, type ReviewHookOptions } from "./options";
import { isPostgresUrl } from "./postgresReviewStore";

/** The port `jsms-review-hook` listens on when neither the config nor the command line names one. */
export const DEFAULT_CLI_PORT = 8080;
/** The database file `jsms-review-hook` uses when none is configured (relative to its working directory). */
export const DEFAULT_DATABASE_PATH = "review-hook.sqlite";

/** A configuration that cannot be used; its message names keys and files, never a secret value. */
export class HookConfigError extends SettingError {}

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

/** `KEY:SECRET[,KEY:SECRET…]`. */
function appList(text: string, name: string): HookApp[] {
    return text
        .trim()
        .split(",")
        .map((entry, index) => {
            const colon = entry.indexOf(":");
            const appKey = entry.slice(0, colon).trim();
            const masterSecret = entry.slice(colon + 1).trim();
            if (colon <= 0 || appKey === "" || masterSecret === "") {
                throw new HookConfigError(`${name}: entry ${index + 1} is not KEY:SECRET`);
            }
            return { appKey, masterSecret };
        });
}

/**
 * Where `jsms-review-hook` finds its config file, database, secrets and apps: each once, with its flag, its
 * environment variable or its config file key. Together with {@link HOOK_SETTINGS} these are the command's settings.
 */
export const HOOK_SOURCES = {
    configPath: {
        description: "a JSON or YAML config file",
        schema: z.string().min(1),
        flag: "config",
        placeholder: "FILE",
    },
    database: {
        description:
            "a SQLite file (one hook) or a PostgreSQL URL (any number of replicas; the password may come from PGPASSWORD)",
        schema: z.string().min(1),
        flag: "db",
        placeholder: "FILE|postgres://…",
        env: "JSMS_REVIEW_HOOK_DB",
    },
    databasePath: { description: "the SQLite file", schema: z.string().min(1), file: true },
    databaseUrl: { description: "a PostgreSQL URL", schema: z.string().min(1), file: true },
    databaseUrlFile: { description: "a file holding the PostgreSQL URL", schema: z.string().min(1), file: true },
    token: {
        description: "the bearer token the provider sends to read results",
        schema: z.string().min(1),
        env: "JSMS_REVIEW_HOOK_TOKEN",
        file: true,
    },
    tokenFile: {
        description: "a file holding the token",
        schema: z.string().min(1),
        env: "JSMS_REVIEW_HOOK_TOKEN_FILE",
        file: true,
    },
    apps: {
        description: "the apps whose callbacks are accepted",
        schema: z.array(appEntry),
        read: appList,
        env: "JSMS_REVIEW_HOOK_APPS",
        file: true,
    },
    appKey: {
        description: "one app's key (the provider's own variable)",
        schema: z.string().min(1),
        env: "JSMS_APP_KEY",
    },
    masterSecret: {
        description: "that app's master secret (the provider's own variable)",
        schema: z.string().min(1),
        env: "JSMS_MASTER_SECRET",
    },
} as const satisfies SettingTable;

/** Every setting of the command: what --help lists, the flags and variables it reads. */
export const HOOK_COMMAND_SETTINGS: SettingTable = { ...HOOK_SOURCES, ...HOOK_SETTINGS };

/** The environment variables the hook reads, by setting. */
export const HOOK_ENVIRONMENT = Object.fromEntries(
    Object.entries(HOOK_COMMAND_SETTINGS).flatMap(([key, setting]) => (setting.env ? [[key, setting.env]] : [])),
) as Record<"token" | "tokenFile" | "apps" | "appKey" | "masterSecret" | "host" | "port" | "database", string>;

const fileSchema = z
    .strictObject(fileShape(HOOK_COMMAND_SETTINGS))
    .refine(
        (file) =>
            [file.databasePath, file.databaseUrl, file.databaseUrlFile].filter((value) => value !== undefined).length <=
            1,
        "give at most one of databasePath, databaseUrl and databaseUrlFile",
    );

/** A config file's settings. */
type HookFile = Partial<{ [K in keyof typeof HOOK_SETTINGS]: z.output<(typeof HOOK_SETTINGS)[K]["schema"]> }> & {
    databasePath?: string;
    databaseUrl?: string;
    databaseUrlFile?: string;
    token?: string;
    tokenFile?: string;
    apps?: z.output<typeof appEntry>[];
};

/** What the command line gives: its settings by key. */
export type HookOverrides = Record<string, unknown>;

/**
 * Builds the hook's options from, by precedence, the command line, the environment and a JSON or YAML file.
 * Secrets (the token, master secrets) may be given inline, as `…File` paths (e.g. container secrets) or through the
 * environment; apps from the environment are added to the file's, replacing one with the same appKey.
 */
export function loadHookConfig(
    given: HookOverrides,
    env: NodeJS.ProcessEnv = process.env,
): Omit<ReviewHookOptions, "log"> {
    const file = given.configPath === undefined ? {} : readConfigFile(String(given.configPath));
    const environment = readEnvironment(HOOK_COMMAND_SETTINGS, env) as HookFile & {
        apps?: HookApp[];
        appKey?: string;
        masterSecret?: string;
        database?: string;
    };
    const apps = new Map<string, HookApp>();
    for (const app of file.apps ?? []) {
        apps.set(app.appKey, {
            appKey: app.appKey,
            masterSecret:
                app.masterSecret ?? readSecretFile(app.masterSecretFile!, `apps[${app.appKey}].masterSecretFile`),
        });
    }
    for (const app of environment.apps ?? []) {
        apps.set(app.appKey, app);
    }
    if (environment.appKey && environment.masterSecret) {
        apps.set(environment.appKey, { appKey: environment.appKey, masterSecret: environment.masterSecret });
    }
    const token =
        environment.token ??
        (environment.tokenFile && readSecretFile(environment.tokenFile, HOOK_ENVIRONMENT.tokenFile)) ??
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
        (given.database as string | undefined) ??
        environment.database ??
        fileUrl ??
        file.databasePath ??
        DEFAULT_DATABASE_PATH;
    // Each tunable setting by precedence: the command line, the environment, the file (then its default).
    const settings = Object.fromEntries(
        Object.keys(HOOK_SETTINGS).map((key) => [
            key,
            given[key] ?? (environment as Record<string, unknown>)[key] ?? (file as Record<string, unknown>)[key],
        ]),
    ) as Partial<Pick<ReviewHookOptions, keyof typeof HOOK_SETTINGS>>;
    return {
        ...settings,
        port: settings.port ?? DEFAULT_CLI_PORT,
        ...(isPostgresUrl(database) ? { databaseUrl: database } : { databasePath: database }),
        apps: [...apps.values()],
        token,
    };
}

function readConfigFile(configPath: string): HookFile {
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
    return parsed.data as HookFile;
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
