#!/usr/bin/env bash
# bench/search_compare.sh: what the search box shows for a fixed list of queries on two built
# sites (e.g. the bench corpus built before and after a change to search), side by side.
# For each query of the file (one per line; default bench/queries.txt) it types the query into
# the search box of each site's home page in headless Chromium (the ignored test
# `results_of_queries_on_a_built_site` in tests/it/search.rs) and prints whether the first
# result is the same page and how many of the 8 shown are on both lists.
#
#   bash bench/search_compare.sh [--same-doc REGEX] BEFORE_DIR AFTER_DIR [QUERIES_FILE]
#
# --same-doc REGEX: the part of a result's URL that REGEX matches is removed before results are
# compared, so copies of one document count as one (PowerShell-Docs keeps a copy of each page
# per version: `--same-doc '^/[0-9.]+/'`). A query whose result URLs collapse this way is
# counted once per document in "on both lists".
#
# Not part of `cargo test`.
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(dirname "$BENCH_DIR")"
die() { echo "search_compare.sh: error: $*" >&2; exit 2; }
SAME_DOC=
if [[ ${1:-} == --same-doc ]]; then
    [[ $# -ge 2 ]] || die "--same-doc needs a regular expression"
    SAME_DOC=$2
    shift 2
fi
[[ $# -ge 2 ]] || die "usage: bash bench/search_compare.sh [--same-doc REGEX] BEFORE_DIR AFTER_DIR [QUERIES_FILE]"
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

python3 - "$WORK/before" "$WORK/after" "$SAME_DOC" <<'PY'
import re
import sys

same_doc = re.compile(sys.argv[3]) if sys.argv[3] else None

def document(href):
    return same_doc.sub("", href, count=1) if same_doc else href

def load(path):
    found = {}
    for line in open(path, encoding="utf-8"):
        fields = line.rstrip("\n").split("\t")
        hrefs = fields[2].split() if len(fields) > 2 else []
        # Each document once, in the order it first appears.
        found[fields[1]] = list(dict.fromkeys(document(h) for h in hrefs))
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
