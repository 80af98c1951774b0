/**
 * Loaded first by the provider process (runtime.ts) and the plugin (plugin/main.ts): Node keeps the compiled code of
 * every module loaded after this one on disk (NODE_COMPILE_CACHE, else a folder of the OS temp directory), so the
 * next process skips compiling our modules and the SDK's gRPC code. Every `pulumi` command starts a new provider
 * process, and that compile was most of its fixed cost (docs/performance.md).
 */
import * as nodeModule from "node:module";

// Node 22.1+; a cache that cannot be written only costs the saving, so the result is not checked.
nodeModule.enableCompileCache?.();
