// The end-to-end harness: real Pulumi CLI runs of throwaway projects, with queries over their state and events.
export * from "./engineEvents";
export * from "./pulumiCli";
export * from "./pulumiProject";
export * from "./stackState";
