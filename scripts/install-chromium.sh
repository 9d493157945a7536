#!/usr/bin/env bash
# Installs Chromium for the end-to-end tests, from the distribution (Debian/Ubuntu apt) only:
# /usr/bin/chromium (make e2e, the nightly, make login) and Chromium's headless shell
# /usr/bin/chromium-headless-shell (the same version, about 40 % less CPU: make test and CI
# drive the stand-ins with it). Does nothing for what is already there.
# Never downloads a browser build any other way (rod's own download stays off: the
# harness always gives rod the binary path).
set -euo pipefail

pkgs=()
[[ -x /usr/bin/chromium ]] || pkgs+=(chromium fonts-liberation)
[[ -x /usr/bin/chromium-headless-shell ]] || pkgs+=(chromium-headless-shell)
if ((${#pkgs[@]} == 0)); then
  echo "chromium: using /usr/bin/chromium and /usr/bin/chromium-headless-shell"
  exit 0
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
"${sudo[@]}" apt-get install -y "${pkgs[@]}"

for bin in /usr/bin/chromium /usr/bin/chromium-headless-shell; do
  if [[ ! -x "$bin" ]]; then
    echo "chromium: installed ${pkgs[*]}, but $bin is missing" >&2
    exit 1
  fi
done
echo "chromium: installed ${pkgs[*]}: $(/usr/bin/chromium --version 2>/dev/null || echo /usr/bin/chromium)"
