import type { IncomingMessage } from "node:http";
import type { Realm } from "./auth";
import type { SimulatorContext } from "./context";

/** An authenticated `/v1` request, routed. */
export interface ApiCall {
    req: IncomingMessage;
    /** The path's captured segments, e.g. the id of `/v1/templates/:id`. */
    params: string[];
    /** The appKey (or devKey for the dev realm) that authenticated. */
    key: string;
    context: SimulatorContext;
}

/** Handles a request: returns the JSON body of the 200 answer, undefined for an empty body, or throws a VendorError. */
export type ApiHandler = (call: ApiCall) => Promise<object | undefined> | object | undefined;

/** A `/v1` path, the credentials it takes and a handler per HTTP method. */
export interface ApiRoute {
    path: RegExp;
    realm: Realm;
    /** The path's POST creates an object: the create faults apply to its successful answers. */
    creates?: boolean;
    methods: Partial<Record<string, ApiHandler>>;
}
