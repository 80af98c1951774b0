/**
 * The signature delete guard (DESIGN.md §4): a signature that is the app's default or in use by sending is never
 * deleted. The refusal keeps the signature in the stack and tells the person what to do.
 */
import type { JsmsClient } from "../client/jsmsClient";
import type { SignatureInfo } from "../client/types";
import { ExpectedFailure } from "./expectedFailure";
import { SIGNATURE_GONE, jsmsCode, unlessGone } from "./vendorAnswers";

/** An expected refusal to delete: printed as its message alone, without a stack trace. */
export class DeleteRefusedError extends ExpectedFailure {
    override name = "DeleteRefusedError";
    constructor(message: string) {
        super(message, "nothing was deleted");
    }
}

/** Deletes a signature unless JSMS still needs it; an already-deleted signature counts as deleted. */
export async function deleteSignatureGuarded(client: JsmsClient, id: number): Promise<void> {
    const live = await unlessGone(client.getSignature(id), SIGNATURE_GONE);
    if (!live) {
        return;
    }
    if (live.isDefault || live.inUse) {
        throw refusal(id, live.sign, live);
    }
    try {
        await client.deleteSignature(id);
    } catch (err) {
        const code = jsmsCode(err);
        if (code === SIGNATURE_GONE) {
            return;
        }
        if (code === 50105) {
            throw refusal(id, live.sign, undefined);
        }
        throw err;
    }
}

function refusal(id: number, sign: string, live: SignatureInfo | undefined): DeleteRefusedError {
    const why = live
        ? [live.isDefault ? "it is the app's default signature" : "", live.inUse ? "it is in use for sending" : ""].filter(Boolean).join(" and ")
        : "JSMS answered 50105 (default signature cannot be deleted)";
    return new DeleteRefusedError(
        `refusing to delete signature ${id} "${sign}": ${why}. It stays in JSMS and in the stack. Stop using it ` +
            "(make another signature the default in the JSMS console and send with another sign_id), then run the " +
            "command again. To keep it at JSMS instead: before pulumi destroy, set the resource option " +
            "retainOnDelete: true and run pulumi up; the old signature of a replacement keeps the options it was " +
            "created with, so there declare retainOnDelete before changing the signature, or drop the old one from " +
            "the stack with pulumi state delete",
    );
}
