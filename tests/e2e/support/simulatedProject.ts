/** The set-up most e2e suites share: a simulator for one app, and a throwaway project whose provider points at it. */
import type { SimulatorOptions } from "../../../simulator";
import { requirePulumiCli } from "./pulumiCli";
import { PulumiProject, type PulumiProjectOptions } from "./pulumiProject";
import { ScenarioSimulator, simulatorConfig } from "./scenarioSimulator";
import type { ScenarioApp } from "./templateScenarioSimulator";

/** A suite's simulator and project: set by the time the suite's own `before` hooks run. */
export interface SimulatedProject {
    sim: ScenarioSimulator;
    project: PulumiProject;
}

/**
 * Before the suite: the Pulumi CLI is required, a simulator for `app` starts (`simulator`: its other options) and the
 * project is created with the provider config that points at it (`project.config` adds to it). After: both go.
 */
export function useSimulatedProject(
    app: ScenarioApp,
    simulator: Omit<SimulatorOptions, "apps">,
    project: PulumiProjectOptions,
): SimulatedProject {
    const suite = {} as Partial<SimulatedProject>;
    before(async function () {
        requirePulumiCli(this);
        const sim = await ScenarioSimulator.start({ apps: [app], ...simulator });
        suite.sim = sim;
        suite.project = await PulumiProject.create({
            ...project,
            config: { ...simulatorConfig(sim, app), ...project.config },
        });
    });
    after(async () => {
        await suite.project?.dispose();
        await suite.sim?.close();
    });
    return suite as SimulatedProject;
}
