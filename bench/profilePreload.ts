/**
 * Preloaded into every Node.js process of a profiled Pulumi command (`NODE_OPTIONS=--require <this file>`): profiles
 * the process with V8's sampling profiler and writes `<pid>.cpuprofile` into `JSMS_BENCH_CPU_PROFILE_DIR` when it
 * exits or is stopped by the engine (SIGINT/SIGTERM). Node 20 refuses `--cpu-prof` in NODE_OPTIONS, and the
 * dynamic-provider plugin is a shell script that passes node no flags, so this is the one way into both processes.
 */
import * as fs from "fs";
import * as inspector from "inspector";
import * as path from "path";

const dir = process.env.JSMS_BENCH_CPU_PROFILE_DIR;
if (dir) {
    const session = new inspector.Session();
    session.connect();
    session.post("Profiler.enable");
    session.post("Profiler.start");
    let written = false;
    // An in-process session answers synchronously, so this completes inside an exit handler.
    const write = () => {
        if (written) {
            return;
        }
        written = true;
        session.post("Profiler.stop", (err, result) => {
            if (!err) {
                fs.writeFileSync(path.join(dir, `${process.pid}.cpuprofile`), JSON.stringify(result.profile));
            }
        });
    };
    process.on("exit", write);
    for (const signal of ["SIGINT", "SIGTERM"] as const) {
        process.once(signal, () => {
            write();
            process.exit(128 + (signal === "SIGINT" ? 2 : 15));
        });
    }
}
