// The policy pack the pull-request preview runs: every rule of pulumi-jsms/policy, set up by policy-config.json.
//   pulumi preview --diff --policy-pack policy --policy-pack-config policy/policy-config.json
require("pulumi-jsms/policy").createJsmsPolicyPack({ name: "jsms-gitops" });
