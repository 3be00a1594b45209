#!/usr/bin/env bash
# bench/search_compare.sh: what the search box shows for a fixed list of queries on two built
# sites (e.g. the bench corpus built before and after a change to search), side by side.
# For each query of the file (one per line; default bench/queries.txt) it types the query into
# the search box of each site's home page in headless Chromium (the ignored test
# `results_of_queries_on_a_built_site` in tests/it/search.rs) and prints whether the first
# result is the same page and how many of the 8 shown are on both lists.
#
#   bash bench/search_compare.sh BEFORE_DIR AFTER_DIR [QUERIES_FILE]
#
# Not part of `cargo test`.
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(dirname "$BENCH_DIR")"
die() { echo "search_compare.sh: error: $*" >&2; exit 2; }
[[ $# -ge 2 ]] || die "usage: bash bench/search_compare.sh BEFORE_DIR AFTER_DIR [QUERIES_FILE]"
BEFORE=$(realpath "$1")
AFTER=$(realpath "$2")
QUERIES=$(realpath "${3:-$BENCH_DIR/queries.txt}")
for dir in "$BEFORE" "$AFTER"; do
    [[ -f $dir/index.html ]] || die "$dir is not a built site (no index.html)"
done
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# results NAME DIR: the results of every query on the site in DIR, into $WORK/NAME.
results() {
    (cd "$REPO_ROOT" && GUIDEPOST_SEARCH_BENCH_SITE="$2" GUIDEPOST_SEARCH_BENCH_QUERIES="$QUERIES" \
        cargo test -p guidepost --test it --quiet \
        search::results_of_queries_on_a_built_site -- --ignored --nocapture 2>/dev/null |
        grep -P '^results\t') >"$WORK/$1"
}
results before "$BEFORE"
results after "$AFTER"

python3 - "$WORK/before" "$WORK/after" <<'PY'
import sys

def load(path):
    found = {}
    for line in open(path, encoding="utf-8"):
        fields = line.rstrip("\n").split("\t")
        found[fields[1]] = fields[2].split() if len(fields) > 2 else []
    return found

before, after = load(sys.argv[1]), load(sys.argv[2])
same_first = overlap = shown = 0
for query, old in before.items():
    new = after.get(query, [])
    first = old[:1] == new[:1]
    both = len(set(old) & set(new))
    same_first += first
    overlap += both
    shown += len(old)
    print(f"{query[:48]:48}  first {'same' if first else 'DIFFERS'}  {both}/{len(old)} on both lists")
print(f"same first result: {same_first}/{len(before)}; on both lists: {overlap}/{shown}")
PY
