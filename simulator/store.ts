import * as fs from "node:fs";
import * as path from "node:path";
import { z } from "zod";
import { ReviewCode } from "pulumi-jsms/schema/reviewStatus";

const reviewStatusSchema = z.union([
    z.literal(ReviewCode.pending),
    z.literal(ReviewCode.approved),
    z.literal(ReviewCode.rejected),
]);
const nullableCount = z.number().int().nullable();

const templateRecordSchema = z.object({
    id: z.number().int().positive(),
    app: z.string(),
    template: z.string(),
    type: z.number().int(),
    ttl: z.number().nullable(),
    remark: z.string().nullable(),
    status: reviewStatusSchema,
    /** When an automatic review decides this object (epoch ms); null when it waits for `/_sim` or is decided. */
    autoReviewAt: z.number().nullable().default(null),
});

const storedFileSchema = z.object({
    field: z.string(),
    name: z.string(),
    size: z.number().int().nonnegative(),
    sha256: z.string(),
});

const storedQualificationSchema = z.object({
    legalPersonName: z.string().nullable(),
    /**
     * A sha256 of the number, so tests can check what was sent without the state file holding it in clear. Unsalted,
     * so it hides nothing from someone who tries every ID number: the simulator is for test data, not real IDs.
     */
    legalPersonIdNumberSha256: z.string().nullable(),
    socialCreditCode: z.string().nullable(),
    thirdPartyCompanyName: z.string().nullable(),
});

const signRecordSchema = z.object({
    id: z.number().int().positive(),
    app: z.string(),
    sign: z.string(),
    type: z.number().int().nullable(),
    remark: z.string().nullable(),
    status: reviewStatusSchema,
    isDefault: z.boolean(),
    inUse: z.boolean(),
    images: z.array(storedFileSchema),
    qualification: storedQualificationSchema.nullable().default(null),
    autoReviewAt: z.number().nullable().default(null),
});

const balanceSchema = z.object({
    balance: nullableCount,
    voice: nullableCount,
    industry: nullableCount,
    market: nullableCount,
});

const balancesSchema = z.object({
    /** Per appKey; null = no quota allocated to the app (50033). */
    app: z.record(z.string(), balanceSchema.nullable()),
    dev: balanceSchema,
});

const stateFileSchema = z.object({
    version: z.literal(1),
    nextTemplateId: z.number().int().positive(),
    nextSignId: z.number().int().positive(),
    templates: z.array(templateRecordSchema),
    signs: z.array(signRecordSchema),
    balances: balancesSchema,
});

/** Review status as the API reports it: 0 pending, 1 approved, 2 rejected. */
export type ReviewStatus = z.output<typeof reviewStatusSchema>;
/** A stored template. */
export type TemplateRecord = z.output<typeof templateRecordSchema>;
/** What is kept of an uploaded file: never its bytes. */
export type StoredFile = z.output<typeof storedFileSchema>;
/** What is kept of a signature's 2025 qualification fields. */
export type StoredQualification = z.output<typeof storedQualificationSchema>;
/** A stored signature. */
export type SignRecord = z.output<typeof signRecordSchema>;
/** A balance: a count per kind of message, null when not allocated. */
export type BalanceRecord = z.output<typeof balanceSchema>;
/** Every app's balance and the account's. */
export type Balances = z.output<typeof balancesSchema>;

/** The balance of every configured app at start: 1000 of all types, industry 500, marketing 200, no voice quota. */
export const DEFAULT_APP_BALANCE: Readonly<BalanceRecord> = { balance: 1000, voice: null, industry: 500, market: 200 };
/** The account (dev) balance at start, i.e. what is not allocated to an app. */
export const DEFAULT_DEV_BALANCE: Readonly<BalanceRecord> = {
    balance: 10000,
    voice: 1000,
    industry: 5000,
    market: 2000,
};

/** Template ids and sign ids come from separate ranges so that one is never valid as the other by accident. */
const FIRST_TEMPLATE_ID = 10001;
const FIRST_SIGN_ID = 20001;

/** The simulator's objects and balances, optionally persisted to a JSON file after every change. */
export class SimulatorStore {
    private templates = new Map<number, TemplateRecord>();
    private signs = new Map<number, SignRecord>();
    private nextTemplateId = FIRST_TEMPLATE_ID;
    private nextSignId = FIRST_SIGN_ID;
    /** Balances, edited in place by the control API. */
    balances: Balances;

    /** Opens the store: loads `statePath` when the file exists; apps without a balance there get the default. */
    constructor(
        private readonly appKeys: readonly string[],
        private readonly statePath?: string,
    ) {
        this.balances = defaultBalances(appKeys);
        if (statePath && fs.existsSync(statePath)) {
            this.load(statePath);
        }
    }

    /** The template with this id if it belongs to `app` (any app when omitted). */
    template(id: number, app?: string): TemplateRecord | undefined {
        const record = this.templates.get(id);
        return record && (app === undefined || record.app === app) ? record : undefined;
    }

    /** The signature with this id if it belongs to `app` (any app when omitted). */
    sign(id: number, app?: string): SignRecord | undefined {
        const record = this.signs.get(id);
        return record && (app === undefined || record.app === app) ? record : undefined;
    }

    /** Every template, by id. */
    allTemplates(): TemplateRecord[] {
        return [...this.templates.values()].sort((a, b) => a.id - b.id);
    }

    /** Every signature, by id. */
    allSigns(): SignRecord[] {
        return [...this.signs.values()].sort((a, b) => a.id - b.id);
    }

    /** Stores a new template under the next template id. */
    addTemplate(fields: Omit<TemplateRecord, "id">): TemplateRecord {
        const record = { id: this.nextTemplateId++, ...fields };
        this.templates.set(record.id, record);
        return record;
    }

    /** Stores a new signature under the next sign id. */
    addSign(fields: Omit<SignRecord, "id">): SignRecord {
        const record = { id: this.nextSignId++, ...fields };
        this.signs.set(record.id, record);
        return record;
    }

    /** Removes a template; returns whether it existed. */
    deleteTemplate(id: number): boolean {
        return this.templates.delete(id);
    }

    /** Removes a signature; returns whether it existed. */
    deleteSign(id: number): boolean {
        return this.signs.delete(id);
    }

    /** Empties templates and signatures and restores the default balances; ids keep counting so none is reused. */
    reset(): void {
        this.templates.clear();
        this.signs.clear();
        this.balances = defaultBalances(this.appKeys);
    }

    /** Persists the state when a state file is configured; call after every change. */
    commit(): void {
        if (!this.statePath) {
            return;
        }
        const state: z.input<typeof stateFileSchema> = {
            version: 1,
            nextTemplateId: this.nextTemplateId,
            nextSignId: this.nextSignId,
            templates: this.allTemplates(),
            signs: this.allSigns(),
            balances: this.balances,
        };
        // Write then rename: a reader (or a crash) never sees a half-written file.
        fs.mkdirSync(path.dirname(this.statePath), { recursive: true });
        const temporary = `${this.statePath}.${process.pid}.tmp`;
        fs.writeFileSync(temporary, `${JSON.stringify(state, null, 2)}\n`);
        fs.renameSync(temporary, this.statePath);
    }

    private load(statePath: string): void {
        let parsed: z.output<typeof stateFileSchema>;
        try {
            parsed = stateFileSchema.parse(JSON.parse(fs.readFileSync(statePath, "utf8")));
        } catch (error) {
            const detail = error instanceof z.ZodError ? z.prettifyError(error) : (error as Error).message;
            throw new Error(`cannot load the simulator state from ${statePath}: ${detail}`);
        }
        for (const record of parsed.templates) {
            this.templates.set(record.id, record);
        }
        for (const record of parsed.signs) {
            this.signs.set(record.id, record);
        }
        // Never hand out an id that the file already uses, even if its counters were edited by hand.
        this.nextTemplateId = Math.max(parsed.nextTemplateId, ...parsed.templates.map((record) => record.id + 1));
        this.nextSignId = Math.max(parsed.nextSignId, ...parsed.signs.map((record) => record.id + 1));
        this.balances = { app: { ...this.balances.app, ...parsed.balances.app }, dev: parsed.balances.dev };
    }
}

function defaultBalances(appKeys: readonly string[]): Balances {
    return {
        app: Object.fromEntries(appKeys.map((key) => [key, { ...DEFAULT_APP_BALANCE }])),
        dev: { ...DEFAULT_DEV_BALANCE },
    };
}
