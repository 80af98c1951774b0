/** One benchmark result: the candidate (pulumi-jsms) against a baseline measured in the same run. */
export interface Measurement {
    name: string;
    unit: string;
    baseline: number;
    candidate: number;
    /** What the baseline is. */
    baselineLabel: string;
}

/** candidate / baseline: 1.0 means no cost over the baseline. */
export function ratio(m: Measurement): number {
    return m.baseline === 0 ? Number.NaN : m.candidate / m.baseline;
}
