#!/usr/bin/env bash
# Makes Debian's `chromium` available for the copy review's browser test (tests/copyreview/browserRendering.test.ts),
# which opens copy-review.html headless, with a small Chinese font (fonts-wqy-microhei) so that the page is laid out
# and drawn with real glyphs, not boxes. Prints nothing on stdout; progress goes to stderr.
#
#   bash scripts/install-chromium.sh
#
# Installs with apt-get when /usr/bin/chromium is missing and this runs as root (a fresh CI machine); otherwise says
# what to run and exits 1. The package comes from the Debian mirrors, so no browser download from anywhere else.
set -euo pipefail
if [ -x /usr/bin/chromium ] && [ -d /usr/share/fonts/truetype/wqy ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "install-chromium: chromium or its font is missing; run as root: apt-get install -y chromium fonts-wqy-microhei" >&2
  exit 1
fi
echo "install-chromium: apt-get install -y chromium fonts-wqy-microhei" >&2
export DEBIAN_FRONTEND=noninteractive
# The package lists may be absent on a fresh image; a lock held by another apt run is waited for.
apt-get -o DPkg::Lock::Timeout=600 update -qq >&2
apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends chromium fonts-wqy-microhei >&2
test -x /usr/bin/chromium
