#!/usr/bin/env bash
# The test command of README.md: gets a supported Node (22 or 24; fetched into the cache when the machine's is
# older), builds, finds a Pulumi CLI (a pulumi >= 3.139 on PATH, else the one scripts/install-pulumi.sh builds from
# the Go modules and caches on first use, with the YAML language host), checks the format and lint (Biome), then runs
# every mocha suite, the end-to-end one included, on Node 24. Under CI (CI=true), the suites that need no Pulumi CLI
# run again on Node 22.
# Arguments (folders, mocha flags) replace the default and run once, on Node 24.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
base_path="$PATH"
export PATH="$(bash scripts/install-node.sh 24):$base_path"
npm run --silent build
pulumi_bin="$(bash scripts/install-pulumi.sh)"
export PATH="$pulumi_bin:$PATH"
# The copy review's browser test needs Debian's chromium: a CI machine (or a root shell) gets it from apt, and the
# test then fails, never skips, without it.
if [ "${CI:-}" = "true" ] || [ "$(id -u)" -eq 0 ]; then
  bash scripts/install-chromium.sh
  export JSMS_REQUIRE_CHROMIUM=1
fi
# Pulumi goes online for nothing: no update checks, no plugin downloads, no Pulumi Cloud.
export PULUMI_SKIP_UPDATE_CHECK=true PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
# Tells the e2e suite the CLI is expected here: it fails, never skips, when `pulumi` is missing.
export JSMS_REQUIRE_PULUMI_CLI=1
# The suites that run without the Pulumi CLI: the second Node line runs these.
unit_suites=()
for dir in dist/tests/*/; do
  case "$dir" in
    dist/tests/e2e/ | dist/tests/cli/ | dist/tests/sdk/ | dist/tests/release/ | dist/tests/support/) ;;
    *) unit_suites+=("${dir%/}") ;;
  esac
done
# Files that need the Pulumi CLI in folders of the unit suites: the second Node line skips these.
cli_files_in_unit_suites=(dist/tests/docs/registryPageBlocks.test.js)
# A pending test (it.skip, a missing body, a runtime skip) fails the run: nothing passes by not running.
mocha=(npx mocha --forbid-pending)
if [ "$#" -gt 0 ]; then
  exec "${mocha[@]}" "$@"
fi
echo "== format and lint (npm run lint: Biome)"
npm run --silent lint
echo "== every suite on Node $(node --version)"
"${mocha[@]}" dist/tests
if [ "${CI:-}" = "true" ]; then
  export PATH="$pulumi_bin:$(bash scripts/install-node.sh 22):$base_path"
  echo "== the suites without the Pulumi CLI on Node $(node --version)"
  "${mocha[@]}" "${cli_files_in_unit_suites[@]/#/--ignore=}" "${unit_suites[@]}"
fi
