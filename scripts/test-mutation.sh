#!/usr/bin/env bash
# npm run test:mutation: Stryker on the pure, central modules with their unit tests (stryker.config.json), on a
# supported Node (Stryker needs 22 or later). Slow (about 15 minutes on 2 cores), so not part of npm test.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export PATH="$(bash scripts/install-node.sh):$PATH"
exec npx stryker run "$@"
