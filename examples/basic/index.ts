// One signature, one template of each type, and the SMS balances as stack outputs.
// Run from the repository root with `npm run demo`, or `pulumi up` in this folder with jsms:* config set.
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import * as jsms from "pulumi-jsms";

// Paths are relative to the Pulumi project directory; this keeps the example working from the root project
// (Pulumi.yaml with main: examples/basic) and from this folder, with no absolute path in state.
const licence = path.relative(process.cwd(), path.join(__dirname, "assets", "licence.png"));

const brand = new jsms.SmsSignature("brand", {
    sign: "极光推送",
    images: [licence],
    remark: "公司简称，营业执照见附件",
});

const otp = new jsms.SmsTemplate(
    "otp",
    {
        template: "您好，您的验证码是{{code}}，5分钟内有效！",
        type: jsms.TemplateType.VerificationCode,
        ttl: 300,
        remark: "用户注册",
    },
    { dependsOn: [brand] },
);

const shipped = new jsms.SmsTemplate(
    "order-shipped",
    {
        template: "您的订单{{orderNo}}已发货，快递单号{{trackingNo}}，请注意查收。",
        type: jsms.TemplateType.Notification,
        remark: "订单发货通知",
    },
    { dependsOn: [brand] },
);

const promo = new jsms.SmsTemplate(
    "promo",
    {
        template: "会员日全场5折起，详情见{{url}}",
        type: jsms.TemplateType.Marketing,
        // A template with {{url}} must name its link first thing in the remark.
        remark: "https://example.com/sale 会员日活动页",
    },
    { dependsOn: [brand] },
);

export const signId = brand.signId;
export const signStatus = brand.status;
export const templates = {
    otp: { id: otp.tempId, status: otp.status },
    orderShipped: { id: shipped.tempId, status: shipped.status },
    // rejectReason: why JSMS rejected it, when jsms:reviewHookUrl points at a jsms-review-hook (the demo runs one).
    promo: { id: promo.tempId, status: promo.status, rejectReason: promo.rejectReason, message: promo.message },
};
export const appBalance = jsms.getAppBalanceOutput();
// The account balance needs the account (dev) credentials, which many teams do not hand to their pipelines.
const hasDevCredentials = Boolean(new pulumi.Config("jsms").get("devKey") ?? process.env.JSMS_DEV_KEY);
export const devBalance = hasDevCredentials
    ? jsms.getDevBalanceOutput()
    : "not read: set jsms:devKey and jsms:devSecret (or JSMS_DEV_KEY and JSMS_DEV_SECRET) to see it";
