/** The simulator's `GET /_sim/state`, as the e2e suites read it. */

/** A template as `GET /_sim/state` shows it. */
export interface SimTemplate {
    id: number;
    app: string;
    template: string;
    type: number;
    ttl: number | null;
    remark: string | null;
    status: 0 | 1 | 2;
}

/** A signature as `GET /_sim/state` shows it (files by digest, qualification with the ID number's digest only). */
export interface SimSign {
    id: number;
    app: string;
    sign: string;
    type: number | null;
    remark: string | null;
    status: 0 | 1 | 2;
    isDefault: boolean;
    inUse: boolean;
    images: Array<{ field: string; name: string; size: number; sha256: string }>;
    qualification: Record<string, string | null> | null;
}

/** `GET /_sim/state`. */
export interface SimState {
    templates: SimTemplate[];
    signs: SimSign[];
    balances: unknown;
}
