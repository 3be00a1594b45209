#!/usr/bin/env bash
# bench/broken.sh: time `guidepost check` on sites with many broken links against the same sites
# with every link fixed, at several sizes, to show the check stays linear when it has thousands
# of problems to report (bench/gen_broken.py makes the sites). Not part of `cargo test`.
#
#   bash bench/broken.sh [--pages "1000 2000 4000"] [--links M] [--runs N]
#
# Prints one row per size: pages, broken links, median seconds broken / fixed, their ratio, and
# peak RSS of the broken run.
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(dirname "$BENCH_DIR")"
TARGET_DIR="${CARGO_TARGET_DIR:-$REPO_ROOT/target}"
SIZES="1000 2000 4000"
LINKS=3
RUNS=3
WORK=/tmp/guidepost-broken-bench

while [ $# -gt 0 ]; do
    case "$1" in
        --pages) SIZES="$2"; shift 2 ;;
        --links) LINKS="$2"; shift 2 ;;
        --runs) RUNS="$2"; shift 2 ;;
        -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done

(cd "$REPO_ROOT" && cargo build --release -p guidepost --quiet)
GP="$TARGET_DIR/release/guidepost"
mkdir -p "$WORK"

# Median wall seconds of RUNS runs of `guidepost check` on $1; the last run's peak RSS (KiB)
# goes to $WORK/rss.
time_check() {
    local site="$1" times=()
    for _ in $(seq "$RUNS"); do
        local start end
        start=$(date +%s.%N)
        /usr/bin/time -f %M -o "$WORK/rss" "$GP" check --root "$site" \
            >/dev/null 2>&1 || true
        end=$(date +%s.%N)
        times+=("$(echo "$end - $start" | bc)")
    done
    printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (RUNS + 1) / 2 ))p"
}

printf '| pages | broken links | check, broken (s) | check, fixed (s) | ratio | peak RSS, broken (MiB) |\n'
printf '| ---: | ---: | ---: | ---: | ---: | ---: |\n'
for pages in $SIZES; do
    broken="$WORK/broken-$pages-$LINKS"
    fixed="$WORK/fixed-$pages-$LINKS"
    [ -d "$broken" ] || python3 "$BENCH_DIR/gen_broken.py" "$pages" "$broken" --links "$LINKS"
    [ -d "$fixed" ] || python3 "$BENCH_DIR/gen_broken.py" "$pages" "$fixed" --links "$LINKS" --fixed
    # Warm the page cache once.
    "$GP" check --root "$broken" >/dev/null 2>&1 || true
    "$GP" check --root "$fixed" >/dev/null 2>&1
    t_broken=$(time_check "$broken")
    rss=$(( $(tail -n 1 "$WORK/rss") / 1024 ))
    t_fixed=$(time_check "$fixed")
    printf '| %d | %d | %.2f | %.2f | %.2f | %d |\n' "$pages" "$(( pages * (LINKS + 2) ))" \
        "$t_broken" "$t_fixed" "$(echo "$t_broken / $t_fixed" | bc -l)" "$rss"
done
