// SMS copy as reviewed data: templates.yaml is the source of truth, and this program only maps it to resources.
// A pull request that edits templates.yaml shows its effect in `pulumi preview --diff` (see README.md).
import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import * as jsms from "pulumi-jsms";

/** The shape of templates.yaml. */
interface CopyFile {
    signature: { sign: string; remark?: string };
    templates: Record<
        string,
        {
            type: "verification" | "notification" | "marketing";
            template: string;
            ttl?: number;
            remark?: string;
            variableLengths?: Record<string, number>;
        }
    >;
}

const TYPES = {
    verification: jsms.TemplateType.VerificationCode,
    notification: jsms.TemplateType.Notification,
    marketing: jsms.TemplateType.Marketing,
} as const;

const copy = yaml.load(fs.readFileSync(path.join(__dirname, "templates.yaml"), "utf8")) as CopyFile;

const signature = new jsms.SmsSignature("signature", copy.signature);

// Resource names come from the YAML keys, so renaming a key is a replacement: keep keys stable.
const templates = Object.entries(copy.templates).map(([name, t]) => {
    const type = TYPES[t.type];
    if (type === undefined) {
        throw new Error(
            `templates.yaml: template "${name}" has type "${t.type}"; use verification, notification or marketing`,
        );
    }
    // signature and variableLengths are not sent to JSMS: they make `length` and `segments` (what one send costs) true.
    const args = {
        template: t.template,
        type,
        ttl: t.ttl,
        remark: t.remark,
        signature: signature.sign,
        variableLengths: t.variableLengths,
    };
    return new jsms.SmsTemplate(name, args, { dependsOn: [signature] });
});

export const signId = signature.signId;
export const templateIds = Object.fromEntries(templates.map((t, i) => [Object.keys(copy.templates)[i], t.tempId]));
export const templateSegments = Object.fromEntries(
    templates.map((t, i) => [Object.keys(copy.templates)[i], t.segments]),
);
export const templateStatuses = Object.fromEntries(templates.map((t, i) => [Object.keys(copy.templates)[i], t.status]));
