// Reading `pulumi preview --diff` the way a reviewer reads it in a pull request: one block per resource, headed by
// the change marker and the operation, e.g.
//
//     +-pulumi-nodejs:dynamic/jsms:SmsTemplate: (replace)
//         [id=10001]
//         [urn=urn:pulumi:e2e::proj::pulumi-nodejs:dynamic/jsms:SmsTemplate::otp]
//       ~ template  : "old copy" => "new copy"

/** One resource's block of a `preview --diff` output. */
export interface PreviewBlock {
    /** The change marker as printed: `+`, `-`, `~`, `+-`, `++`, `--`, or "" for none. */
    marker: string;
    type: string;
    /** create, update, replace, delete, same, create-replacement, … */
    op: string;
    /** The logical name, from the block's `[urn=…]` line ("" when the block has none). */
    name: string;
    /** The block's lines, header included. */
    text: string;
}

const HEADER = /^\s*(\+-|\+\+|--|[~+-])?\s*([A-Za-z][\w:/.-]*): \(([\w-]+)\)\s*$/;
const URN_LINE = /^\s*\[urn=(\S+)\]\s*$/;

/** Splits a `preview --diff` stdout into its resource blocks, in order. */
export function previewBlocks(stdout: string): PreviewBlock[] {
    const blocks: PreviewBlock[] = [];
    let current: { block: PreviewBlock; lines: string[] } | undefined;
    const flush = () => {
        if (current) {
            current.block.text = current.lines.join("\n");
            blocks.push(current.block);
        }
    };
    for (const line of stdout.split("\n")) {
        const header = HEADER.exec(line);
        if (header) {
            flush();
            current = {
                block: { marker: header[1] ?? "", type: header[2], op: header[3], name: "", text: "" },
                lines: [line],
            };
            continue;
        }
        if (/^\S/.test(line)) {
            // "Resources:", "Previewing update (…)": the end of the resource listing
            flush();
            current = undefined;
            continue;
        }
        if (current) {
            current.lines.push(line);
            const urn = URN_LINE.exec(line);
            if (urn && current.block.name === "") {
                current.block.name = urn[1].slice(urn[1].lastIndexOf("::") + 2);
            }
        }
    }
    flush();
    return blocks;
}

/** The block of the resource with this logical name; throws with the whole output when there is none. */
export function previewBlock(stdout: string, name: string): PreviewBlock {
    const found = previewBlocks(stdout).find((b) => b.name === name);
    if (!found) {
        throw new Error(`no block for resource ${name} in the preview output:\n${stdout}`);
    }
    return found;
}
