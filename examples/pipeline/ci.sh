#!/usr/bin/env bash
# A pipeline step for SMS copy: preview on pull requests, apply on the main branch, never a prompt.
#
#   ci.sh preview   # pull requests: shows the old and new copy; makes no JSMS call
#   ci.sh up        # main branch: applies, waits for JSMS's review, exits non-zero on a rejection or a timeout
#
# Needs: PULUMI_STACK, a logged-in backend (PULUMI_BACKEND_URL or `pulumi login`), PULUMI_CONFIG_PASSPHRASE for a
# passphrase-encrypted stack, and the jsms:* config of the stack (or JSMS_APP_KEY / JSMS_MASTER_SECRET).
# `preview` runs a branch's code: give it a credential that can only preview (Pulumi Cloud: a token whose only stack
# permission is Read; a self-managed backend: read-only access to the state) and no JSMS credential (a preview makes
# no JSMS call). `up` runs on the default branch only, with the deploying token and JSMS_APP_KEY / JSMS_MASTER_SECRET
# (docs/threat-model.md of the pulumi-jsms repository).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
stack="${PULUMI_STACK:?set PULUMI_STACK to the stack to deploy}"
export PULUMI_SKIP_UPDATE_CHECK=true

case "${1:-}" in
  preview)
    pulumi preview --diff --non-interactive --stack "$stack"
    ;;
  up)
    # A rejected template fails `pulumi up` (exit code non-zero) with the template's id and what to do; it stays
    # in the stack, and the next run re-checks it.
    if ! pulumi up --yes --non-interactive --skip-preview --diff --stack "$stack"; then
      echo "SMS copy was not applied: see the errors above (a rejected or still pending review fails the run)." >&2
      exit 1
    fi
    pulumi stack output --json --stack "$stack"
    ;;
  *)
    echo "usage: ci.sh preview|up" >&2
    exit 2
    ;;
esac
