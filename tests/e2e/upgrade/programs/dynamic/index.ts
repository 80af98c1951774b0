// A stack of a release, kept so every later release proves it previews with no change: a signature with an image,
// and a template of each type, in each review status the recorder leaves them (approved, rejected, pending).
import * as jsms from "pulumi-jsms";

const brand = new jsms.SmsSignature("brand", {
    sign: "极光推送",
    images: ["./licence.png"],
    remark: "公司简称",
});
const otp = new jsms.SmsTemplate(
    "otp",
    {
        template: "您的验证码是{{code}}，5分钟内有效。",
        type: jsms.TemplateType.VerificationCode,
        ttl: 300,
        remark: "用户登录",
        signature: "极光推送",
    },
    { dependsOn: [brand] },
);
const shipped = new jsms.SmsTemplate(
    "shipped",
    {
        template: "您的订单{{orderNo}}已发货，快递单号{{trackingNo}}。",
        type: jsms.TemplateType.Notification,
        remark: "发货通知",
        variableLengths: { orderNo: 20, trackingNo: 16 },
    },
    { dependsOn: [brand] },
);
const memberDay = new jsms.SmsTemplate(
    "member-day",
    { template: "会员日全场8折，详见APP。", type: jsms.TemplateType.Marketing, remark: "会员日活动" },
    { dependsOn: [brand] },
);

export const signId = brand.signId;
export const templateIds = { otp: otp.tempId, shipped: shipped.tempId, memberDay: memberDay.tempId };
export const statuses = { otp: otp.status, shipped: shipped.status, memberDay: memberDay.status };
export const otpSegments = otp.segments;
