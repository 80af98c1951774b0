/**
 * The provider Pulumi stores as `__provider` in every dynamic resource's state, written out as the module text the
 * engine's provider process loads (`require-from-string`, then `handler()`), instead of serialized from an object by
 * the SDK: the serializer loads the TypeScript compiler and analyses closures in every program run, and wraps each
 * method in ~250 bytes of boilerplate that state carries twice per resource (docs/performance.md).
 *
 * It holds no code of ours beyond two tiny methods and no settings, so the state stays small, holds no secret and no
 * version-specific path, and upgrading the package changes no diff while `destroy` and `refresh` run the installed
 * code. The engine calls `configure` before any other method (once per process; Pulumi ≥ 3.139): it loads the
 * installed package's runtime by its public name and installs the real `check`/`diff`/`create`/`read`/`update`/
 * `delete` onto the object, synchronously (the engine caches the provider before awaiting configure, so concurrent
 * first calls must find them in place). When the package cannot be loaded, every method fails saying why: the
 * engine keeps the object even when configure fails, and without methods a delete would "succeed" without deleting
 * anything. `create` is only reached when the engine skipped `configure`, which Pulumi CLIs before 3.139 do.
 *
 * States written by 0.1.0 hold the SDK-serialized form of the same object; both call the same `attach`.
 */

import type { ResourceKind } from "../schema/resourceTable";

/** The text of the provider of one resource kind, exactly as it goes into state; the same for every version. */
export function providerText(kind: ResourceKind): string {
    return `exports.handler = () => provider;
const provider = {
  kind: ${JSON.stringify(kind)},
  async configure(req) {
    let handlers;
    try {
      handlers = require("pulumi-jsms/runtime").attach(this.kind, req.config);
    } catch (err) {
      const fail = async () => {
        throw new Error(\`pulumi-jsms cannot be loaded from \${process.cwd()} (\${err}); nothing was done: install it (npm install)\`);
      };
      handlers = { check: fail, diff: fail, create: fail, read: fail, update: fail, delete: fail };
    }
    Object.assign(this, handlers);
  },
  async create() {
    throw new Error("pulumi-jsms needs Pulumi 3.139 or later");
  },
};
`;
}
