#!/usr/bin/env bash
# Installs what the test suite drives, when it is missing: Debian's Chromium (browser tests), Wine
# and the MinGW cross compiler (the checker's Windows build and its run under Wine), the
# x86_64-pc-windows-gnu Rust target, and axe-core from npm (the accessibility test injects it into
# Chromium; it goes to target/axe, never into the repository). Idempotent: a machine that has
# everything installs nothing.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v wine64 >/dev/null 2>&1 || [ -x /usr/lib/wine/wine64 ] || missing+=(wine64)
command -v x86_64-w64-mingw32-gcc >/dev/null 2>&1 || missing+=(gcc-mingw-w64-x86-64)
[ -x /usr/bin/time ] || missing+=(time)
command -v npm >/dev/null 2>&1 || missing+=(npm)

if [ "${#missing[@]}" -gt 0 ]; then
    echo "setup: installing ${missing[*]}" >&2
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! rustup target list --installed | grep -qx x86_64-pc-windows-gnu; then
    echo "setup: adding Rust target x86_64-pc-windows-gnu" >&2
    rustup target add x86_64-pc-windows-gnu
fi

AXE="target/axe/node_modules/axe-core/axe.min.js"
if [ ! -f "$AXE" ]; then
    echo "setup: installing axe-core into target/axe" >&2
    npm install --silent --no-audit --no-fund --prefix target/axe axe-core@4 >/dev/null
fi
