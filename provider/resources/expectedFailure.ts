/**
 * A failure the person running Pulumi is expected to meet and act on (a refused delete, a change that cannot be
 * made as declared). The engine prints failed check/diff/delete calls as `${error}: ${error.stack}`; a stack trace
 * would bury the instructions, so this prints as its message followed by what was (not) done.
 */
export class ExpectedFailure extends Error {
    override name = "ExpectedFailure";
    constructor(message: string, outcome: string) {
        super(message);
        this.stack = outcome;
    }
    override toString(): string {
        return this.message;
    }
}
