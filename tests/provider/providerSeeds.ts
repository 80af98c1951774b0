/** Objects the provider suites need at JSMS before they start, made through the provider itself. */
import { expect } from "chai";
import { handlers } from "./providerRuntime";
import { Sim } from "./providerFixtures";

/**
 * Creates a signature through the provider and approves it at the simulator: JSMS creates no template in an app
 * without a signature (50046) and accepts one pending signature per app (50103). Returns its id.
 */
export async function seedApprovedSignature(sim: Sim, app?: string, sign = "测试签名"): Promise<string> {
    const result = await handlers.signature.create({ __provider: "p", sign, ...(app ? { app } : {}) } as any);
    expect(result.id).to.be.a("string");
    await sim.review("signs", result.id, "approved");
    return result.id;
}
