#!/usr/bin/env bash
# pretest (and .ci/run): make sure Debian's Chromium is installed for the browser tests
# (tests/browser/), which drive it with playwright-core. The project never downloads a browser:
# it uses the distribution's package. Installs with apt-get only when it is missing and only when
# possible (root, apt-get present). Without Chromium the browser tests are skipped, except with CI
# set, where this script (and the tests) fail.
# CORRIDOR_CHROMIUM=/path/to/chromium points the tests at another Chromium build.
set -uo pipefail

have() {
  if [ -n "${CORRIDOR_CHROMIUM:-}" ]; then
    [ -x "${CORRIDOR_CHROMIUM}" ]
    return
  fi
  [ -x /usr/bin/chromium ] || command -v chromium >/dev/null 2>&1
}

missing() {
  # $1: why it could not be installed.
  if [ -n "${CI:-}" ]; then
    echo "ensure-chromium: ERROR: Chromium is not installed and CI is set: $1. The browser tests (tests/browser/) need Debian's chromium package." >&2
    exit 1
  fi
  echo "ensure-chromium: $1; the browser tests (tests/browser/) are skipped until Chromium is installed (sudo apt-get install -y chromium)" >&2
  exit 0
}

if have; then
  exit 0
fi
if [ -n "${CORRIDOR_CHROMIUM:-}" ]; then
  missing "CORRIDOR_CHROMIUM=${CORRIDOR_CHROMIUM} is not an executable file"
fi
if [ "${CORRIDOR_NO_CHROMIUM_INSTALL:-}" = "1" ]; then
  missing "chromium is missing and CORRIDOR_NO_CHROMIUM_INSTALL=1 (not installing)"
fi
if ! command -v apt-get >/dev/null 2>&1; then
  missing "chromium is missing and there is no apt-get here"
fi
if [ "$(id -u)" != "0" ]; then
  missing "chromium is missing and this is not root"
fi

echo "ensure-chromium: installing Debian's chromium with apt-get (about 100 MB, once)" >&2
export DEBIAN_FRONTEND=noninteractive
if apt-get install -y --no-install-recommends chromium >&2 || { apt-get update >&2 && apt-get install -y --no-install-recommends chromium >&2; }; then
  have && exit 0
fi
missing "apt-get could not install chromium"
