#!/usr/bin/env bash
# The project's test command (README, CI): install prerequisites when missing, build the checker's
# Windows .exe with `guidepost bundle-checker` (the Wine test runs it, the help-site tests check
# its download), then run every test of the workspace.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/setup.sh
cargo run --quiet -- bundle-checker
cargo test --workspace "$@"
