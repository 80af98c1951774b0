#!/usr/bin/env bash
# The test command of README.md: builds, finds a Pulumi CLI (a pulumi >= 3.139 on PATH, else the one
# scripts/install-pulumi.sh builds from the Go modules and caches on first use, with the YAML language host), then
# runs every mocha suite, the end-to-end one included. Arguments (folders, mocha flags) replace the default.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
npm run --silent build
pulumi_bin="$(bash scripts/install-pulumi.sh)"
export PATH="$pulumi_bin:$PATH"
# The copy review's browser test needs Debian's chromium: a CI machine (or a root shell) gets it from apt, and the
# test then fails, never skips, without it.
if [ "${CI:-}" = "true" ] || [ "$(id -u)" -eq 0 ]; then
  bash scripts/install-chromium.sh
  export JSMS_REQUIRE_CHROMIUM=1
fi
# The suites need no network: no update checks, no plugin downloads, no Pulumi Cloud.
export PULUMI_SKIP_UPDATE_CHECK=true PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
# Tells the e2e suite the CLI is expected here: it fails, never skips, when `pulumi` is missing.
export JSMS_REQUIRE_PULUMI_CLI=1
# With no arguments, every suite; otherwise what is given (e.g. dist/tests/client).
if [ "$#" -eq 0 ]; then
  set -- dist/tests
fi
exec npx mocha "$@"
