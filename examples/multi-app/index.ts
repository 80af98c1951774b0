// Two JSMS apps managed from one stack. Their credentials are named profiles in the secret stack config jsms:apps:
//
//   pulumi config set --secret jsms:apps '{"shop": {"appKey": "…", "masterSecret": "…"},
//                                          "delivery": {"appKey": "…", "masterSecret": "…"}}'
//
// Each resource names its profile with `app`; changing it replaces the resource in the other app.
import * as jsms from "pulumi-jsms";

const apps = {
    shop: { sign: "好物商城", code: "您的商城登录验证码是{{code}}，5分钟内有效。" },
    delivery: { sign: "快送到家", code: "您的配送签收码是{{code}}，30分钟内有效。" },
};

export const perApp = Object.fromEntries(
    Object.entries(apps).map(([app, copy]) => {
        const signature = new jsms.SmsSignature(`${app}-signature`, { sign: copy.sign, app });
        const otp = new jsms.SmsTemplate(
            `${app}-otp`,
            {
                template: copy.code,
                type: jsms.TemplateType.VerificationCode,
                ttl: app === "delivery" ? 1800 : 300,
                remark: "登录与签收验证",
                app,
            },
            { dependsOn: [signature] },
        );
        return [app, { signId: signature.signId, otpId: otp.tempId, balance: jsms.getAppBalanceOutput({ app }) }];
    }),
);
