/**
 * The one field table of the package: every resource property, function, config key, object type and enum, each
 * with its type and its description written once. `schemaDocument.ts` turns it into the plugin's package schema
 * (schema.json, GetSchema); `typesCodegen.ts` into the dynamic resources' TypeScript types, the lifecycle core's
 * field lists and the enums (the `generated/` folders, rewritten by `npm run build`).
 */
import { QUALIFICATION_FILE_FIELDS, QUALIFICATION_TEXT_FIELDS, type ResourceKind } from "../provider/client/types";
import { DEFAULT_JOURNAL_DIR, TUNING_SETTINGS } from "../provider/settings";
import { DEFAULT_OPT_OUT_SUFFIX } from "../provider/validation/smsCounting";

/** A property type, in the schema's own vocabulary (a `$ref` names an object type or enum of this table). */
export type FieldType =
    | { type: "string" | "integer" | "number" | "boolean" }
    | { type: "array"; items: FieldType }
    | { type: "object"; additionalProperties: FieldType }
    | { $ref: string }
    | { oneOf: FieldType[] };

/** One property: its type, its description, and whether a user declares it and must. */
export interface Field {
    type: FieldType;
    description: string;
    /** "required" or "optional": a user declares it (inputs are also recorded as outputs); absent: output only. */
    input?: "required" | "optional";
    /** An output that every recorded object has (schema `required` of the outputs). */
    alwaysOutput?: boolean;
    /** Stored as a secret in state. */
    secret?: boolean;
    /** Derived by the core's `check` from the inputs and recorded with them; an output to users. */
    derived?: boolean;
    /** Part of what JSMS reviews: a change modifies a rejected object and replaces a pending or approved one. */
    copy?: boolean;
    /** A local file path (or paths, or an object holding some); the dynamic resources also take a FileAsset. */
    localFile?: boolean;
    /** The only values a string takes; the TypeScript types name them, the schema says string. */
    values?: readonly string[];
}

/** A resource of the package: its token's name, its description and its properties. */
export interface ResourceTable {
    description: string;
    fields: Record<string, Field>;
}

const STRING = { type: "string" } as const;
const INTEGER = { type: "integer" } as const;
const NUMBER = { type: "number" } as const;
const BOOLEAN = { type: "boolean" } as const;
const STRINGS: FieldType = { type: "array", items: STRING };

/** The package name, and the prefix of every token. */
export const PACKAGE = "jsms";

/** A token of this package's `index` module, e.g. `jsms:index:SmsTemplate`. */
export function token(name: string): string {
    return `${PACKAGE}:index:${name}`;
}

/** A reference to a named type of this table, as the schema writes it. */
export function typeRef(name: string): FieldType {
    return { $ref: `#/types/${token(name)}` };
}

/** The inputs every kind shares (after each kind's own), and the review outputs. */
const SHARED_INPUTS: Record<string, Field> = {
    app: {
        type: STRING,
        input: "optional",
        description:
            "A credential profile of the provider setting `apps`; the default app when omitted. Changing it replaces the object.",
    },
    waitForReview: {
        type: { oneOf: [BOOLEAN, typeRef("WaitForReview")] },
        input: "optional",
        description:
            "Wait for the JSMS review to end on create and update: `true` (600 s) or `{timeoutSeconds, pollIntervalSeconds}`. Off by default.",
    },
    adoptId: {
        type: { oneOf: [INTEGER, STRING] },
        input: "optional",
        description:
            "Take over the existing object with this JSMS id instead of creating one (with the plugin, `pulumi import` is the usual way).",
    },
};

/** The names of the inputs every kind shares, in order. */
export const SHARED_INPUT_NAMES = Object.keys(SHARED_INPUTS);

const REVIEW_OUTPUTS: Record<string, Field> = {
    status: {
        type: STRING,
        alwaysOutput: true,
        values: ["pending", "approved", "rejected"],
        description: 'The review status: "pending", "approved" or "rejected"; refreshed by `pulumi refresh`.',
    },
    statusCode: {
        type: INTEGER,
        alwaysOutput: true,
        description: "The vendor's status code: 0 under review, 1 approved, 2 rejected.",
    },
    rejectReason: {
        type: STRING,
        description: 'With jsms:reviewHookUrl: why JSMS rejected it, from its review callback ("" unless rejected).',
    },
    reviewedAt: {
        type: STRING,
        description: 'With jsms:reviewHookUrl: when JSMS reported the review\'s result (ISO 8601), "" before that.',
    },
};

/** `jsms:index:SmsTemplate`. */
export const SMS_TEMPLATE: ResourceTable = {
    description:
        "A JSMS SMS template. Changes of copy follow the review: a rejected template is modified in place and resubmitted; " +
        "a pending or approved one is replaced, the new one created before the old one is deleted.",
    fields: {
        template: {
            type: STRING,
            input: "required",
            alwaysOutput: true,
            copy: true,
            description:
                "The SMS copy with `{{name}}` variables; no 【】 (JSMS adds the signature), at most `maxTemplateLength` characters.",
        },
        type: {
            type: typeRef("TemplateType"),
            input: "required",
            alwaysOutput: true,
            copy: true,
            description:
                "1 verification code, 2 notification, 3 marketing (JSMS adds the opt-out text to marketing copy).",
        },
        ttl: {
            type: INTEGER,
            input: "optional",
            copy: true,
            description: "Seconds a verification code stays valid, 1–86400; required for verification-code templates.",
        },
        remark: {
            type: STRING,
            input: "optional",
            copy: true,
            description:
                "What the template is for, shown to the reviewers (≤ 100 characters); must start with the link when the copy has `{{url}}`.",
        },
        signature: {
            type: STRING,
            input: "optional",
            description:
                "The sign text the template is sent with (not sent to JSMS): counted in the length, as JSMS adds it in 【】.",
        },
        variableLengths: {
            type: { type: "object", additionalProperties: INTEGER },
            input: "optional",
            description:
                "The longest value of each variable, in characters (not sent to JSMS), so the counted length is the real one.",
        },
        ...SHARED_INPUTS,
        tempId: {
            type: INTEGER,
            alwaysOutput: true,
            description: "The JSMS template id (`temp_id`): what the application sends with.",
        },
        ...REVIEW_OUTPUTS,
        variables: {
            type: STRINGS,
            alwaysOutput: true,
            derived: true,
            description: "The variable names of the copy, each once, in order of first appearance.",
        },
        message: {
            type: STRING,
            alwaysOutput: true,
            derived: true,
            description:
                "The text one send delivers, as counted: the signature in 【】 when declared, the copy with its `{{variables}}`, a marketing template's opt-out text.",
        },
        length: {
            type: INTEGER,
            alwaysOutput: true,
            derived: true,
            description:
                "The characters of one message as sent: signature, copy with variables at their declared lengths, opt-out text.",
        },
        segments: {
            type: INTEGER,
            alwaysOutput: true,
            derived: true,
            description: "The SMS billed per send, from `length`.",
        },
        lengthIsMinimum: {
            type: BOOLEAN,
            alwaysOutput: true,
            derived: true,
            description: "True when a variable's length or the signature is not declared, so a message may be longer.",
        },
    },
};

/** `jsms:index:SmsSignature`. */
export const SMS_SIGNATURE: ResourceTable = {
    description:
        "A JSMS SMS signature. It is never deleted while JSMS reports it as the app's default or in use: the delete fails " +
        "saying what to do, and the signature stays in the stack.",
    fields: {
        sign: {
            type: STRING,
            input: "required",
            alwaysOutput: true,
            copy: true,
            description: "The signature text: 2–8 Han characters, letters or digits, without 【】 (JSMS adds them).",
        },
        images: {
            type: STRINGS,
            input: "optional",
            localFile: true,
            description:
                "Up to four supporting images (PNG or JPEG, ≤ 2 MB each), as paths relative to the project; only their sha256 goes into state.",
        },
        type: {
            type: typeRef("SignatureType"),
            input: "optional",
            copy: true,
            description: "What the signature names under the 2025 rules: 1 company, 3 app, 6 brand, 7 other.",
        },
        remark: {
            type: STRING,
            input: "optional",
            copy: true,
            description: "A note for the reviewers (≤ 100 characters).",
        },
        qualification: {
            type: typeRef("SignatureQualification"),
            input: "optional",
            secret: true,
            copy: true,
            localFile: true,
            description: "The 2025 qualification fields and files; the whole object is a secret in state.",
        },
        ...SHARED_INPUTS,
        signId: { type: INTEGER, alwaysOutput: true, description: "The JSMS signature id (`sign_id`)." },
        ...REVIEW_OUTPUTS,
        isDefault: {
            type: BOOLEAN,
            alwaysOutput: true,
            description: "Whether JSMS uses it as the app's default signature.",
        },
        inUse: { type: BOOLEAN, alwaysOutput: true, description: "Whether JSMS reports it in use for sending." },
        imageDigests: {
            type: STRINGS,
            alwaysOutput: true,
            derived: true,
            copy: true,
            description:
                "sha256 (hex) of each image sent, in order: a change of image content shows in the diff without storing bytes.",
        },
        qualificationDigests: {
            type: { type: "object", additionalProperties: STRING },
            derived: true,
            copy: true,
            description: "sha256 (hex) of each qualification file sent, by field.",
        },
    },
};

/** Every resource of the package, by its name in the `index` module. */
export const RESOURCES: Record<string, ResourceTable> = { SmsTemplate: SMS_TEMPLATE, SmsSignature: SMS_SIGNATURE };

/** The lifecycle core kind behind each resource. */
export const RESOURCE_KINDS: Record<string, ResourceKind> = { SmsTemplate: "template", SmsSignature: "signature" };

/** Descriptions of the qualification fields, by name (the names come from the client's field lists). */
const QUALIFICATION_DESCRIPTIONS: Record<
    (typeof QUALIFICATION_TEXT_FIELDS)[number] | (typeof QUALIFICATION_FILE_FIELDS)[number],
    string
> = {
    legalPersonName: "The legal representative's name; JSMS verifies it.",
    legalPersonIdNumber: "The legal representative's 18-digit PRC ID number; secret, never echoed in errors.",
    socialCreditCode: "The 18-character unified social credit code.",
    thirdPartyCompanyName: "The company granting a third-party authorization, when there is one.",
    idCardImage: "Path of the legal representative's ID card image (required with a qualification).",
    businessLicenseImage: "Path of the business licence; required for type 1 (company name).",
    icpAppScreenshot: "Path of a screenshot of the app's ICP filing; required for type 3 (app name).",
    trademarkImage: "Path of the trademark registration certificate; required for type 6 (brand name).",
    thirdPartyAuthImage: "Path of a third-party power of attorney; required for type 7 (other).",
    otherImage: "Path of any other supporting image.",
};

/** An object type of the package: its properties and which of them are required. */
export interface ObjectTable {
    description: string;
    fields: Record<string, Field>;
}

/** The named object types. */
export const OBJECT_TYPES: Record<string, ObjectTable> = {
    WaitForReview: {
        description: "How long to wait for a review, and how often to look.",
        fields: {
            timeoutSeconds: {
                type: NUMBER,
                input: "optional",
                description: "Give up after this many seconds (default 600); the next `pulumi up` re-checks.",
            },
            pollIntervalSeconds: {
                type: NUMBER,
                input: "optional",
                description:
                    "Seconds before the first poll (default 10); the interval grows by half each poll, up to a minute.",
            },
        },
    },
    SignatureQualification: {
        description: "The qualification fields JSMS added in 2025; which are required depends on the signature type.",
        fields: Object.fromEntries(
            [...QUALIFICATION_TEXT_FIELDS, ...QUALIFICATION_FILE_FIELDS].map((name) => [
                name,
                {
                    type: STRING,
                    input: "optional",
                    description: QUALIFICATION_DESCRIPTIONS[name],
                    ...(name === "legalPersonIdNumber" ? { secret: true } : {}),
                    ...((QUALIFICATION_FILE_FIELDS as readonly string[]).includes(name) ? { localFile: true } : {}),
                } as Field,
            ]),
        ),
    },
    AppProfile: {
        description: "The credentials of one JSMS app, for resources that name it in `app`.",
        fields: {
            appKey: { type: STRING, input: "required", description: "The app key." },
            masterSecret: { type: STRING, input: "required", secret: true, description: "The app's master secret." },
        },
    },
};

/** An integer enum of the package: its values with a description each. */
export interface EnumTable {
    description: string;
    values: Record<string, { value: number; description: string }>;
}

/** The enums; the dynamic resources' enums are generated from them. */
export const ENUMS: Record<string, EnumTable> = {
    TemplateType: {
        description: "The JSMS template types.",
        values: {
            VerificationCode: {
                value: 1,
                description: "A verification code: exactly one variable, `{{code}}`, and a `ttl`.",
            },
            Notification: { value: 2, description: "A notification." },
            Marketing: {
                value: 3,
                description: "Marketing: JSMS adds the unsubscribe text, which counts toward the length.",
            },
        },
    },
    SignatureType: {
        description: "What a signature names, under the 2025 rules.",
        values: {
            Company: { value: 1, description: "The full or short name of a company; needs the business licence." },
            App: { value: 3, description: "The name of an app; needs a screenshot of its ICP filing." },
            Brand: { value: 6, description: "A brand (trademark); needs the trademark registration certificate." },
            Other: { value: 7, description: "Anything else; needs a third-party power of attorney." },
        },
    },
};

/** The provider configuration: the `jsms:*` stack config keys, which are also an explicit provider's arguments. */
export const CONFIG: Record<string, Field> = {
    appKey: {
        type: STRING,
        input: "optional",
        description: "The app key of the default app (else the environment variable JSMS_APP_KEY).",
    },
    masterSecret: {
        type: STRING,
        input: "optional",
        secret: true,
        description: "The default app's master secret (else JSMS_MASTER_SECRET).",
    },
    apps: {
        type: { type: "object", additionalProperties: typeRef("AppProfile") },
        input: "optional",
        secret: true,
        description:
            'Named app profiles for the resources\' `app` input: {"<name>": {"appKey": "…", "masterSecret": "…"}} (stack config: that JSON).',
    },
    devKey: {
        type: STRING,
        input: "optional",
        description: "The account (dev) key, only for the account balance (else JSMS_DEV_KEY).",
    },
    devSecret: {
        type: STRING,
        input: "optional",
        secret: true,
        description: "The account (dev) secret (else JSMS_DEV_SECRET).",
    },
    endpoint: {
        type: STRING,
        input: "optional",
        description: "The API base URL (else JSMS_ENDPOINT, else https://api.sms.jpush.cn), e.g. a local simulator.",
    },
    allowInsecureHttp: {
        type: BOOLEAN,
        input: "optional",
        description:
            "Allow plain http:// endpoint and review hook URLs on hosts other than this machine, which sends credentials in clear text (else JSMS_ALLOW_INSECURE_HTTP); default false.",
    },
    maxRequestsPerSecond: {
        type: { type: "number" },
        input: "optional",
        description:
            "The starting and highest request rate per app, in requests per second (else JSMS_MAX_REQUESTS_PER_SECOND); default 0: no maximum, the rate is learned from JSMS's refusals.",
    },
    reviewHookUrl: {
        type: STRING,
        input: "optional",
        description:
            "The URL of jsms-review-hook, from which templates and signatures read why JSMS rejected them (else JSMS_REVIEW_HOOK_URL).",
    },
    reviewHookToken: {
        type: STRING,
        input: "optional",
        secret: true,
        description: "The review hook's bearer token (else JSMS_REVIEW_HOOK_TOKEN).",
    },
    journal: {
        type: STRING,
        input: "optional",
        description:
            "The create journal, which lets the next pulumi up record what an interrupted one created (else JSMS_JOURNAL): on (default), off, or required (a create fails when its intent cannot be written).",
    },
    journalDir: {
        type: STRING,
        input: "optional",
        description: `The folder of the local create journal, relative to the Pulumi project folder (else JSMS_JOURNAL_DIR, else ${DEFAULT_JOURNAL_DIR}).`,
    },
    optOutSuffix: {
        type: STRING,
        input: "optional",
        description: `The opt-out text JSMS appends to marketing templates, counted in their length (else JSMS_OPT_OUT_SUFFIX, else ${DEFAULT_OPT_OUT_SUFFIX}).`,
    },
    ...Object.fromEntries(
        Object.entries(TUNING_SETTINGS).map(([key, setting]) => [
            key,
            {
                type: INTEGER,
                input: "optional",
                description: `${setting.description} Default ${setting.default}.`,
            } as Field,
        ]),
    ),
};

/** A function (invoke) of the package. */
export interface FunctionTable {
    description: string;
    inputs: Record<string, Field>;
    outputs: Record<string, Field>;
}

const BALANCE_OUTPUTS: Record<string, Field> = {
    total: { type: INTEGER, description: "Messages of any type left; absent when no quota of this kind is allocated." },
    voice: { type: INTEGER, description: "Voice messages left; absent when none are allocated." },
    industry: {
        type: INTEGER,
        description: "Industry messages (verification codes and notifications) left; absent when none are allocated.",
    },
    market: { type: INTEGER, description: "Marketing messages left; absent when none are allocated." },
};

/** The functions, by name in the `index` module. */
export const FUNCTIONS: Record<string, FunctionTable> = {
    getAppBalance: {
        description:
            "How many messages an app can still send, read with the provider's credentials (an API call on every run, previews included).",
        inputs: {
            app: {
                type: STRING,
                input: "optional",
                description: "A credential profile of `apps`; the default app when omitted.",
            },
        },
        outputs: BALANCE_OUTPUTS,
    },
    getDevBalance: {
        description: "How many messages the account (dev key) has that are not assigned to any app.",
        inputs: {},
        outputs: BALANCE_OUTPUTS,
    },
};

/** The names of a table's inputs. */
export function inputNames(fields: Record<string, Field>): string[] {
    return Object.keys(fields).filter((name) => fields[name].input !== undefined);
}

/** The names of a resource's secret outputs, which the plugin returns as secrets. */
export function secretOutputs(table: ResourceTable): string[] {
    return Object.keys(table.fields).filter((name) => table.fields[name].secret);
}
