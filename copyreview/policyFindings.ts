/**
 * The policy pack's findings of a preview. `pulumi preview --json` leaves policy events out of its document, so they
 * are read from the engine's event log (`--event-log FILE`, JSON lines) written by the same preview.
 */

/** How a finding is enforced, as the pack's config sets it. */
export type EnforcementLevel = "mandatory" | "advisory" | "remediate" | "disabled";

/** One violation reported by a policy pack. */
export interface PolicyFinding {
    /** The resource it is about; absent for a stack-wide finding. */
    urn?: string;
    /** The policy's name, e.g. `jsms-max-segments`. */
    policy: string;
    /** The pack's name. */
    pack: string;
    /** mandatory, advisory, … */
    level: EnforcementLevel;
    /** What the policy says, in its own words. */
    message: string;
}

/** An event log that cannot be read; the message says why. */
export class EventLogError extends Error {}

/** The policy violations of an event log's text, in order. Lines cut short (a killed CLI) are skipped. */
export function policyFindingsOf(eventLog: string): PolicyFinding[] {
    const findings: PolicyFinding[] = [];
    for (const line of eventLog.split("\n")) {
        if (line.trim() === "") {
            continue;
        }
        let event: unknown;
        try {
            event = JSON.parse(line);
        } catch {
            continue;
        }
        const policy = (event as { policyEvent?: unknown }).policyEvent;
        if (typeof policy !== "object" || policy === null) {
            continue;
        }
        const p = policy as Record<string, unknown>;
        if (typeof p.policyName !== "string" || typeof p.message !== "string") {
            throw new EventLogError(
                `the preview's event log has a policy event without policyName or message: ${line.slice(0, 200)}`,
            );
        }
        findings.push({
            urn: typeof p.resourceUrn === "string" && p.resourceUrn !== "" ? p.resourceUrn : undefined,
            policy: p.policyName,
            pack: typeof p.policyPackName === "string" ? p.policyPackName : "",
            level: enforcementLevel(p.enforcementLevel),
            message: p.message.trim(),
        });
    }
    return findings;
}

function enforcementLevel(value: unknown): EnforcementLevel {
    switch (value) {
        case "mandatory":
        case "advisory":
        case "remediate":
        case "disabled":
            return value;
        default:
            throw new EventLogError(
                `the preview's event log has a policy event with enforcement level ${JSON.stringify(value)}`,
            );
    }
}
