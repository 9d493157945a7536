#!/usr/bin/env bash
# Installs Chromium for the end-to-end tests, from the distribution (Debian/Ubuntu apt) only.
# Does nothing if a browser is already there ($E2E_BROWSER_BIN, or /usr/bin/chromium).
# Never downloads a browser build any other way (rod's own download stays off: the
# harness always gives rod the binary path).
set -euo pipefail

bin="${E2E_BROWSER_BIN:-/usr/bin/chromium}"
if [[ -x "$bin" ]]; then
  echo "chromium: using $bin"
  exit 0
fi
if [[ -n "${E2E_BROWSER_BIN:-}" ]]; then
  echo "chromium: E2E_BROWSER_BIN=$E2E_BROWSER_BIN is not an executable file; installing /usr/bin/chromium instead" >&2
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "chromium: not found and apt-get is not available: install Chromium yourself and set E2E_BROWSER_BIN" >&2
  exit 1
fi

sudo=()
if [[ "$(id -u)" -ne 0 ]]; then
  if command -v sudo >/dev/null 2>&1; then
    sudo=(sudo)
  else
    echo "chromium: not root and no sudo: run as root, or install Chromium and set E2E_BROWSER_BIN" >&2
    exit 1
  fi
fi

export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update
"${sudo[@]}" apt-get install -y chromium fonts-liberation

if [[ ! -x /usr/bin/chromium ]]; then
  echo "chromium: installed, but /usr/bin/chromium is missing" >&2
  exit 1
fi
echo "chromium: installed $(/usr/bin/chromium --version 2>/dev/null || echo /usr/bin/chromium)"
