#!/usr/bin/env bash
# Builds and lints the Windows build of guidepost-check (checker/), installing what that
# needs first. Idempotent: installs only what is missing. The main CI script runs this before
# scripts/test.sh, which builds the download itself with `guidepost bundle-checker` (the
# size-optimized `checker` profile) and whose checker/tests/wine.rs runs that .exe under Wine.
#
# Needs: Debian packages gcc-mingw-w64-x86-64 (linker, and the test's stand-in DLL) and
# wine64 (runs the .exe in the test), and the Rust target x86_64-pc-windows-gnu.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

TARGET=x86_64-pc-windows-gnu

have_wine() {
    command -v wine >/dev/null 2>&1 || command -v wine64 >/dev/null 2>&1 ||
        [ -x /usr/lib/wine/wine64 ]
}

packages=()
command -v x86_64-w64-mingw32-gcc >/dev/null 2>&1 || packages+=(gcc-mingw-w64-x86-64)
have_wine || packages+=(wine64)
if [ "${#packages[@]}" -gt 0 ]; then
    sudo=()
    [ "$(id -u)" -eq 0 ] || sudo=(sudo)
    echo "checker.sh: installing ${packages[*]}"
    "${sudo[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends \
        "${packages[@]}"
fi

if ! rustup target list --installed | grep -qx "$TARGET"; then
    rustup target add "$TARGET"
fi

cargo build -p guidepost-check --release --target "$TARGET"
cargo clippy -p guidepost-check --all-targets --target "$TARGET" -- -D warnings

target_dir="${CARGO_TARGET_DIR:-target}"
exe="$target_dir/$TARGET/release/guidepost-check.exe"
size=$(stat -c %s "$exe")
echo "checker.sh: $exe is $size bytes ($((size / 1024)) KiB)"
