#!/usr/bin/env bash
# The project's test command (README, CI): install prerequisites when missing, build the checker's
# Windows .exe (the Wine test runs it), then run every test of the workspace.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/setup.sh
cargo build -p guidepost-check --release --target x86_64-pc-windows-gnu
cargo test --workspace "$@"
