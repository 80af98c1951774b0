// Templates a pipeline waits for: `pulumi up` returns only when JSMS has reviewed them, and fails when one is
// rejected or the review takes longer than the pipeline may wait. The rejected template stays in the stack; fixing
// its copy and running the pipeline again modifies it in place and resubmits it.
import * as jsms from "pulumi-jsms";

// How long a pipeline run may wait for JSMS. Reviews can take up to two working days; a pipeline that times out
// fails, and its next run picks up the wait where it stopped.
const waitForReview = {
    timeoutSeconds: Number(process.env.JSMS_REVIEW_TIMEOUT_SECONDS ?? 900),
    pollIntervalSeconds: Number(process.env.JSMS_REVIEW_POLL_SECONDS ?? 15),
};

const signature = new jsms.SmsSignature("signature", { sign: "极光推送", waitForReview });

const welcome = new jsms.SmsTemplate(
    "welcome",
    {
        template: "欢迎注册，您的验证码是{{code}}，10分钟内有效。",
        type: jsms.TemplateType.VerificationCode,
        ttl: 600,
        remark: "新用户注册",
        waitForReview,
    },
    { dependsOn: [signature] },
);

export const signId = signature.signId;
export const welcomeId = welcome.tempId;
export const welcomeStatus = welcome.status;
