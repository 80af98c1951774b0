#!/usr/bin/env bash
# The demo: a real `pulumi up` of examples/basic (the root Pulumi.yaml) against the local JSMS simulator, then the
# review, a refresh and the balances. Everything stays under .demo/ and on 127.0.0.1; no internet is needed.
# Running it again converges: the simulator keeps its state in .demo/jsms-state.json and the stack in .demo/backend.
# JSMS_DEMO_DIR puts that folder elsewhere (the tests run the demo in a folder of their own).
#
#   npm run demo                        the tour: up, review, refresh, outputs
#   npm run demo -- preview --diff      any pulumi command against the demo stack and a running simulator
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
demo="${JSMS_DEMO_DIR:-$root/.demo}"
mkdir -p "$demo/backend" "$demo/home"

[ -f dist/provider/index.js ] && [ -e node_modules/pulumi-jsms ] || npm run --silent build
# Any pulumi >= 3.139 on PATH with its language hosts is used as is; otherwise the cached (or built) CLI. The demo
# runs no YAML program, so it does not wait for the YAML language host.
PATH="$(bash scripts/install-pulumi.sh --no-yaml):$PATH"
export PULUMI_HOME="$demo/home" PULUMI_BACKEND_URL="file://$demo/backend" PULUMI_CONFIG_PASSPHRASE="demo-passphrase"
export PULUMI_SKIP_UPDATE_CHECK=true PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
unset JSMS_APP_KEY JSMS_MASTER_SECRET JSMS_DEV_KEY JSMS_DEV_SECRET JSMS_ENDPOINT

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "Starting the JSMS simulator (state in .demo/jsms-state.json)"
fifo="$demo/simulator.out"
rm -f "$fifo" && mkfifo "$fifo"
node dist/simulator/cli.js --port 0 --app demo-app-key:demo-master-secret --dev demo-dev-key:demo-dev-secret \
  --state "$demo/jsms-state.json" > "$fifo" 2> "$demo/simulator.err" &
sim_pid=$!
trap 'kill "$sim_pid" 2>/dev/null || true; rm -f "$fifo"' EXIT
exec 3< "$fifo"
read -r -t 15 first_line <&3 || { echo "the simulator did not start:" >&2; cat "$demo/simulator.err" >&2; exit 1; }
echo "$first_line"
url="${first_line##* }"

step "Stack 'demo' on a local backend, pointed at the simulator"
pulumi stack select --create demo --non-interactive >/dev/null
pulumi config set jsms:endpoint "$url" >/dev/null
pulumi config set jsms:appKey demo-app-key >/dev/null
pulumi config set --secret jsms:masterSecret demo-master-secret >/dev/null
pulumi config set jsms:devKey demo-dev-key >/dev/null
pulumi config set --secret jsms:devSecret demo-dev-secret >/dev/null
pulumi config

if [ "$#" -gt 0 ]; then
  step "pulumi $*"
  pulumi "$@"
  exit
fi

step "pulumi up: one signature and one template of each type (submitted for review)"
pulumi up --yes --non-interactive

step "The JSMS review (approving everything in the simulator, as the vendor's reviewers would)"
pulumi stack output --json | JSMS_SIM_URL="$url" node -e '
  let text = "";
  process.stdin.on("data", (d) => (text += d)).on("end", async () => {
    const out = JSON.parse(text);
    const review = async (kind, id) => {
      const res = await fetch(`${process.env.JSMS_SIM_URL}/_sim/${kind}/${id}/review`, {
        method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ status: "approved" }),
      });
      console.log(`${kind === "signs" ? "signature" : "template"} ${id}: ${res.ok ? "approved" : "review failed: " + res.status}`);
    };
    await review("signs", out.signId);
    for (const t of Object.values(out.templates)) await review("templates", t.id);
  });'

step "pulumi refresh: the stack learns the review results"
pulumi refresh --yes --non-interactive --skip-preview

step "pulumi up again: nothing to change; the stack outputs pick up the refreshed status"
pulumi up --yes --non-interactive --skip-preview | tail -n 4

step "Outputs: ids, review status and balances"
pulumi stack output --json | node -e '
  let text = "";
  process.stdin.on("data", (d) => (text += d)).on("end", () => {
    const out = JSON.parse(text);
    console.log(`signature ${out.signId}: ${out.signStatus}`);
    for (const [name, t] of Object.entries(out.templates)) console.log(`template ${name} (${t.id}): ${t.status}`);
    const show = (b) => typeof b === "string" ? b : Object.entries(b).map(([k, v]) => `${k} ${v ?? "not allocated"}`).join(", ");
    console.log(`app balance: ${show(out.appBalance)}`);
    console.log(`account balance: ${show(out.devBalance)}`);
  });'

cat <<MSG

Done. The stack and the simulator's state live in .demo/ (delete it to start over).
Change some copy in examples/basic/index.ts and review it as a pull request would:
  npm run demo -- preview --diff

Against the real JSMS API, in your own stack:
  pulumi config set jsms:appKey <app key>
  pulumi config set --secret jsms:masterSecret <master secret>
  pulumi config set jsms:devKey <dev key>              # only for the account balance
  pulumi config set --secret jsms:devSecret <dev secret>
  (jsms:endpoint defaults to https://api.sms.jpush.cn)
MSG
