/**
 * What the resource classes register (provider/dynamic/dynamicResource.ts), seen from the SDK's mock monitor: the
 * dynamic type token, the provider text as `__provider`, and the stack-trace limit left as it was, whether the SDK's
 * constructor returns or throws.
 */
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { SmsSignature, SmsTemplate } from "../../provider";
import { providerText } from "../../provider/dynamic/providerShim";

interface Registered {
    type: string;
    name: string;
    inputs: Record<string, unknown>;
}

describe("dynamic resources as registered", () => {
    const registered: Registered[] = [];

    before(async () => {
        await pulumi.runtime.setMocks(
            {
                newResource: (args) => {
                    registered.push({ type: args.type, name: args.name, inputs: args.inputs });
                    return { id: `${args.name}-id`, state: args.inputs };
                },
                call: () => ({}),
            },
            "dynamic-resource-test",
            "test",
            true,
        );
    });

    it("registers the dynamic type token and the provider text, and leaves the stack-trace limit as it was", async () => {
        const limit = Error.stackTraceLimit;
        const sign = new SmsSignature("brand", { sign: "极光推送" });
        const template = new SmsTemplate(
            "otp",
            { template: "您的验证码是{{code}}", type: 1, ttl: 300 },
            { dependsOn: [sign] },
        );
        expect(Error.stackTraceLimit).to.equal(limit);
        await new Promise<void>((resolve) => template.urn.apply(() => resolve()));
        await new Promise<void>((resolve) => sign.urn.apply(() => resolve()));
        const byName = Object.fromEntries(registered.map((r) => [r.name, r]));
        expect(byName.otp.type).to.equal(SmsTemplate.__pulumiType);
        expect(byName.brand.type).to.equal(SmsSignature.__pulumiType);
        expect(byName.otp.inputs.__provider).to.equal(providerText("template"));
        expect(byName.brand.inputs.__provider).to.equal(providerText("signature"));
        expect(byName.otp.inputs.template).to.equal("您的验证码是{{code}}");
        expect(SmsTemplate.isInstance(template)).to.equal(true);
        expect(pulumi.CustomResource.isInstance(template)).to.equal(true);
    });

    it("gives an error thrown while registering the stack of its caller, and restores the limit", () => {
        const limit = Error.stackTraceLimit;
        let error: Error | undefined;
        try {
            // no name: the SDK's constructor refuses it synchronously, before registering anything
            new SmsTemplate("", { template: "x", type: 2 });
        } catch (err) {
            error = err as Error;
        }
        expect(Error.stackTraceLimit).to.equal(limit);
        expect(error, "the SDK refused the empty name").to.be.instanceOf(Error);
        expect(error!.message).to.match(/name/);
        expect(error!.stack).to.include("dynamicResource.test");
    });
});
