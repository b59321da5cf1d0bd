#!/usr/bin/env bash
# OR-Library p-median instances (tests/data/orlib/pmedN.txt) solved through
# the command-line tool with its DEFAULT settings, against the published
# optima (Beasley's pmedopt).
#
#   bench/orlib_cli.sh                 # pmed1 … pmed40
#   bench/orlib_cli.sh 1 2 15 pmed36   # some instances (number or name)
#
# For each instance examples/orlib_csv.rs writes demand.csv (the n vertices,
# weight 1), sites.csv (the same n vertices) and costs.csv (the full n × n
# shortest-path matrix) into a temporary folder, and the script runs
#
#   siteplan plan --model p-median --new-sites P --demand demand.csv \
#       --sites sites.csv --costs costs.csv --time-limit 120 --timings \
#       --out DIR --quiet
#
# with no other flag. It prints a markdown table: objective, bound, status,
# method and nodes from summary.json, the solve's seconds (`seconds` of
# summary.json, written because of --timings) and the command's wall time
# (/usr/bin/time). "ok" is yes when the status is optimal and the objective
# equals the optimum.
#
# Environment: ORLIB_TIME_LIMIT (default 120), ORLIB_KEEP=DIR keeps the CSVs
# and outputs there instead of a temporary folder.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
LIMIT=${ORLIB_TIME_LIMIT:-120}
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "needs GNU time at $TIME" >&2; exit 2; }
command -v jq > /dev/null || { echo "needs jq" >&2; exit 2; }

# Published optima of pmed1 … pmed40 (OR-Library, pmedopt).
OPT=(0 5819 4093 4250 3034 1355 7824 5631 4445 2734 1255 7696 6634 4374 2968 1729
    8162 6999 4809 2845 1789 9138 8579 4619 2961 1828 9917 8307 4498 3033 1989
    10086 9297 4700 3013 10400 9934 5057 11060 9423 5128)

if [ $# -gt 0 ]; then
    LIST=()
    for a in "$@"; do LIST+=("${a#pmed}"); done
else
    LIST=($(seq 1 40))
fi

echo "== building siteplan and examples/orlib_csv (release)" >&2
cargo build --release --quiet --bin siteplan --example orlib_csv
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
BIN=$TARGET/release/siteplan
CSV=$TARGET/release/examples/orlib_csv

if [ -n "${ORLIB_KEEP:-}" ]; then
    WORK=$ORLIB_KEEP
    mkdir -p "$WORK"
else
    WORK=$(mktemp -d)
    trap 'rm -rf "$WORK"' EXIT
fi

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg); time limit $LIMIT s"
echo
echo "| instance | n | p | optimum | objective | bound | status | method | nodes | solve s | wall s | ok |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
fails=0
for k in "${LIST[@]}"; do
    name=pmed$k
    dir=$WORK/$name
    read -r n _ p <<< "$("$CSV" pmed "tests/data/orlib/$name.txt" "$dir")"
    rc=0
    "$TIME" -f %e -o "$dir/wall" "$BIN" plan --model p-median --new-sites "$p" \
        --demand "$dir/demand.csv" --sites "$dir/sites.csv" --costs "$dir/costs.csv" \
        --time-limit "$LIMIT" --timings --out "$dir/out" --quiet \
        > "$dir/stdout" 2> "$dir/stderr" || rc=$?
    wall=$(tail -n 1 "$dir/wall")
    s=$dir/out/summary.json
    if [ -f "$s" ]; then
        row=$(jq -r '[.objective, .bound, .status, .method, .nodes, .seconds] | map(if . == null then "—" elif type == "number" then (. * 1000 | round / 1000 | tostring) else tostring end) | join(" | ")' "$s")
        obj=$(jq -r '.objective' "$s")
        status=$(jq -r '.status' "$s")
    else
        row="— | — | exit $rc: $(tail -n 1 "$dir/stderr" | cut -c1-80) | — | — | —"
        obj=null
        status=none
    fi
    ok=no
    if [ "$status" = optimal ] && awk -v a="$obj" -v b="${OPT[$k]}" 'BEGIN { exit !(a != "null" && (a - b < 1e-6 * b) && (b - a < 1e-6 * b)) }'; then
        ok=yes
    else
        fails=$((fails + 1))
    fi
    echo "| $name | $n | $p | ${OPT[$k]} | $row | $wall | $ok |"
done
echo
echo "$fails of ${#LIST[@]} not optimal at the published optimum; load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
