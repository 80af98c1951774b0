import type { CallbackSender } from "./callbackSender";
import type { Faults } from "./faults";
import type { ResolvedOptions } from "./options";
import type { RequestLog } from "./requestLog";
import type { ReviewDesk } from "./review";
import type { SimulatorStore } from "./store";

/** Everything a running simulator's handlers share. */
export interface SimulatorContext {
    options: ResolvedOptions;
    store: SimulatorStore;
    reviews: ReviewDesk;
    faults: Faults;
    log: RequestLog;
    callbacks: CallbackSender;
}
