import type { ResourceValidationPolicy } from "@pulumi/policy";
import { jsmsResource, text } from "./resourceProps";
import { violationMessage } from "./violationMessage";

/** The name of the rule that asks for a remark on every template. */
export const TEMPLATE_REMARK_POLICY = "jsms-template-remark";

/** A template without a remark: JSMS's reviewers read it to learn when and to whom the SMS is sent. */
export const templateRemarkPolicy: ResourceValidationPolicy = {
    name: TEMPLATE_REMARK_POLICY,
    description: "Every template has a remark describing when and to whom it is sent, for JSMS's review.",
    enforcementLevel: "advisory",
    configSchema: { properties: {} },
    remediationSteps: "Add a remark (at most 100 characters) saying when and to whom the SMS is sent.",
    validateResource: (args, reportViolation) => {
        const resource = jsmsResource(args, "template");
        if (text(resource.props.remark)?.trim()) {
            return;
        }
        reportViolation(
            violationMessage(
                resource,
                TEMPLATE_REMARK_POLICY,
                "the template has no remark, and JSMS's reviewers read the remark to learn when and to whom it is sent.",
                "set remark to one sentence of at most 100 characters, e.g. 用户注册时发送的验证码.",
            ),
        );
    },
};
