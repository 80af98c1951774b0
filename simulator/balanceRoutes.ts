import type { ApiCall, ApiRoute } from "./apiRoute";
import { VendorError } from "./vendorErrors";
import { JsmsCode } from "pulumi-jsms/client/returnCodes";

/** `/v1/accounts`: the app balance (app credentials) and the account balance (dev credentials). */
export const balanceRoutes: ApiRoute[] = [
    { path: /^\/v1\/accounts\/app$/, realm: "app", methods: { GET: appBalance } },
    { path: /^\/v1\/accounts\/dev$/, realm: "dev", methods: { GET: devBalance } },
];

/** Each field a count or null (that kind not allocated); an app with no allocation at all is 403/50033. */
function appBalance({ key, context }: ApiCall) {
    const balance = context.store.balances.app[key];
    if (!balance) {
        throw new VendorError(JsmsCode.AppQuotaNotAssigned);
    }
    return {
        app_balance: balance.balance,
        app_voice: balance.voice,
        app_industry: balance.industry,
        app_market: balance.market,
    };
}

/** The account's shared balance, not allocated to any app. */
function devBalance({ context }: ApiCall) {
    const balance = context.store.balances.dev;
    return {
        dev_balance: balance.balance,
        dev_voice: balance.voice,
        dev_industry: balance.industry,
        dev_market: balance.market,
    };
}
