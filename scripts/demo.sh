#!/usr/bin/env bash
# The demo: a real `pulumi up` of examples/basic (the root Pulumi.yaml) against the local JSMS simulator, then the
# review, a refresh and the balances. Everything stays under .demo/ and on 127.0.0.1; no internet is needed.
# Running it again converges: the simulator keeps its state in .demo/jsms-state.json and the stack in .demo/backend.
# JSMS_DEMO_DIR puts that folder elsewhere (the tests run the demo in a folder of their own).
#
#   npm run demo                        the tour: install (once), up, review, refresh, outputs
#   npm run demo -- preview --diff      any pulumi command against the demo stack and a running simulator
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
demo="${JSMS_DEMO_DIR:-$root/.demo}"
mkdir -p "$demo/backend" "$demo/home"

# A supported Node (22 or later; fetched into the cache when the machine's is older) installs the dependencies and
# runs the build, the program, the provider, the simulator and the hook. The dependencies are installed here, under
# that Node, when there are none or the lockfile changed since: npm run on an older Node (20) would warn about every
# development tool that needs 22 before anything else.
PATH="$(bash scripts/install-node.sh):$PATH"
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "Installing the dependencies (npm ci) with Node $(node --version)"
  npm ci --no-audit --no-fund
fi
[ -f dist/provider/index.js ] && [ -e node_modules/pulumi-jsms ] || npm run --silent build
# Any pulumi >= 3.139 on PATH with its language hosts is used as is; otherwise the cached (or built) CLI. The demo
# runs no YAML program, so it does not wait for the YAML language host.
PATH="$(bash scripts/install-pulumi.sh --no-yaml):$PATH"
export PULUMI_HOME="$demo/home" PULUMI_BACKEND_URL="file://$demo/backend" PULUMI_CONFIG_PASSPHRASE="demo-passphrase"
export PULUMI_SKIP_UPDATE_CHECK=true PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
unset JSMS_APP_KEY JSMS_MASTER_SECRET JSMS_DEV_KEY JSMS_DEV_SECRET JSMS_ENDPOINT

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "Starting jsms-review-hook, which keeps the reasons JSMS gives in its review callbacks (.demo/reviews.sqlite)"
JSMS_REVIEW_HOOK_TOKEN=demo-review-hook-token JSMS_REVIEW_HOOK_APPS=demo-app-key:demo-master-secret \
  node dist/reviewhook/cli.js --port 0 --db "$demo/reviews.sqlite" > "$demo/hook.log" 2>&1 &
hook_pid=$!
hook_url=""
for _ in $(seq 1 150); do
  hook_url="$(node -e 'for (const l of require("fs").readFileSync(process.argv[1], "utf8").split("\n")) { try { const j = JSON.parse(l); if (j.url) { console.log(j.url); break; } } catch {} }' "$demo/hook.log")"
  [ -n "$hook_url" ] && break
  kill -0 "$hook_pid" 2>/dev/null || break
  sleep 0.1
done
[ -n "$hook_url" ] || { echo "jsms-review-hook did not start:" >&2; cat "$demo/hook.log" >&2; exit 1; }
echo "jsms-review-hook listening on $hook_url"

step "Starting the JSMS simulator (state in .demo/jsms-state.json), sending its review callbacks to the hook"
fifo="$demo/simulator.out"
rm -f "$fifo" && mkfifo "$fifo"
node dist/simulator/cli.js --port 0 --app demo-app-key:demo-master-secret --dev demo-dev-key:demo-dev-secret \
  --state "$demo/jsms-state.json" --callback "demo-app-key=$hook_url/callbacks/demo-app-key" \
  > "$fifo" 2> "$demo/simulator.err" &
sim_pid=$!
trap 'kill "$sim_pid" "$hook_pid" 2>/dev/null || true; rm -f "$fifo"' EXIT
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
pulumi config set jsms:reviewHookUrl "$hook_url" >/dev/null
pulumi config set --secret jsms:reviewHookToken demo-review-hook-token >/dev/null
pulumi config

if [ "$#" -gt 0 ]; then
  step "pulumi $*"
  pulumi "$@"
  exit
fi

step "pulumi up: one signature and one template of each type (submitted for review)"
pulumi up --yes --non-interactive

step "The JSMS review (in the simulator, as the vendor's reviewers would): everything approved but the promo, rejected with a reason"
pulumi stack output --json | JSMS_SIM_URL="$url" node -e '
  let text = "";
  process.stdin.on("data", (d) => (text += d)).on("end", async () => {
    const out = JSON.parse(text);
    const review = async (kind, id, decision) => {
      const res = await fetch(`${process.env.JSMS_SIM_URL}/_sim/${kind}/${id}/review`, {
        method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(decision),
      });
      console.log(`${kind === "signs" ? "signature" : "template"} ${id}: ${res.ok ? decision.status : "review failed: " + res.status}`);
    };
    await review("signs", out.signId, { status: "approved" });
    for (const [name, t] of Object.entries(out.templates)) {
      await review("templates", t.id, name === "promo"
        ? { status: "rejected", reason: "营销短信须写明活动时间与退订方式，请补充后重新提交" }
        : { status: "approved" });
    }
    await new Promise((resolve) => setTimeout(resolve, 500)); // the callbacks reach the hook
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
    for (const [name, t] of Object.entries(out.templates)) {
      console.log(`template ${name} (${t.id}): ${t.status}${t.rejectReason ? ` (reason: ${t.rejectReason})` : ""}`);
    }
    const show = (b) => typeof b === "string" ? b : Object.entries(b).map(([k, v]) => `${k} ${v ?? "not allocated"}`).join(", ");
    console.log(`app balance: ${show(out.appBalance)}`);
    console.log(`account balance: ${show(out.devBalance)}`);
  });'

cat <<MSG

Done. The stack and the simulator's state live in .demo/ (delete it to start over).
Change some copy in examples/basic/index.ts and review it as a pull request would:
  npm run demo -- preview --diff
(the rejected promo is modified in place and resubmitted: an update, not a replacement)

Against the real JSMS API, in your own stack:
  pulumi config set jsms:appKey <app key>
  pulumi config set --secret jsms:masterSecret <master secret>
  pulumi config set jsms:devKey <dev key>              # only for the account balance
  pulumi config set --secret jsms:devSecret <dev secret>
  (jsms:endpoint defaults to https://api.sms.jpush.cn)
MSG
