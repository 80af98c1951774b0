#!/usr/bin/env node
import { type Program, UsageError, runCommand } from "pulumi-jsms/commandline/settingTable";
import { startSimulator } from "./index";
import { SIMULATOR_SETTINGS, type SimulatorOptions } from "./options";

const PROGRAM: Program = {
    name: "jsms-simulator",
    summary: "Serves the JSMS API on 127.0.0.1 for the demo, the tests and offline pipelines (at least one --app).",
};

void runCommand(PROGRAM, SIMULATOR_SETTINGS, async (values) => {
    if (values.apps === undefined) {
        throw new UsageError("at least one --app KEY:SECRET is required");
    }
    let simulator;
    try {
        simulator = await startSimulator(values as SimulatorOptions);
    } catch (error) {
        // Values that read but break a rule are usage errors; a port in use or a bad state file are not.
        if (error instanceof TypeError) {
            throw new UsageError(error.message);
        }
        process.stderr.write(`${PROGRAM.name}: ${(error as Error).message}\n`);
        return 1;
    }
    process.stdout.write(`JSMS simulator listening on ${simulator.url}\n`);
    const stop = () => {
        simulator.close().then(
            () => process.exit(0),
            (error: Error) => {
                process.stderr.write(`${PROGRAM.name}: ${error.message}\n`);
                process.exit(1);
            },
        );
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
    return undefined;
});
