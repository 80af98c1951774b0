import { randomUUID } from "node:crypto";
import { contentDigest, type CreateIntent, type ReadableContent } from "../../provider/journal/createJournal";
import { HOOK_APP } from "./hookHarness";

/** The stack most journal tests write to. */
export const STACK = "acme/sms/prod";
/** A template's content as JSMS's read shows it, the content most intents are about. */
export const OTP: ReadableContent = {
    kind: "template",
    template: "您的验证码是{{code}}，5分钟内有效。",
    type: 1,
    ttl: 300,
};

/** A fresh open intent of the test app for `content` (by default {@link OTP}). */
export function intent(overrides: Partial<CreateIntent> = {}, content: ReadableContent = OTP): CreateIntent {
    return {
        intentId: randomUUID(),
        stack: STACK,
        key: "urn:pulumi:prod::sms::jsms:index/smsTemplate:SmsTemplate::otp",
        appKey: HOOK_APP.appKey,
        kind: content.kind,
        digest: "a".repeat(64),
        contentDigest: contentDigest(content),
        runId: "run-1",
        createdAt: Date.now(),
        state: "open",
        ...overrides,
    };
}
