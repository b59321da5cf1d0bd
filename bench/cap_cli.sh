#!/usr/bin/env bash
# OR-Library capacitated warehouse location (Beasley's "cap" files) solved
# through the command-line tool as a fixed-charge model, with wall time and
# peak memory from /usr/bin/time, against the published optima.
#
#   bench/cap_cli.sh                         # capa, capb, capc at every capacity, method auto
#   bench/cap_cli.sh capa:8000 cap71         # some instances
#   CAP_METHODS="auto exact heuristic" bench/cap_cli.sh capa:8000
#
# An instance is cap41, cap71 … cap74 (tests/data/orlib) or capa, capb,
# capc (bench/orlib/*.txt.gz, 100 warehouses × 1000 customers) with a
# capacity after a colon (the files carry the word `capacity`; Beasley's
# values: capa 8000 10000 12000 14000, capb 5000 6000 7000 8000, capc 5000
# 5750 6500 7250; bench/orlib/README.md). Without a colon, capa/b/c run at
# every one of their capacities.
#
# examples/orlib_csv.rs writes demand.csv (customers, weight = demand),
# sites.csv (warehouses with fixed_cost and capacity) and costs.csv (per-unit
# cost = the file's allocation cost / demand); then, for each method in
# CAP_METHODS (default "auto"):
#
#   siteplan plan --model fixed-charge --demand demand.csv --sites sites.csv \
#       --costs costs.csv --time-limit 108 --timings --method M --out DIR --quiet
#
# "solve s" is `seconds` of summary.json (the solve alone), "wall s" the
# whole command; "over" marks a command that ran past 120 s.
#
# Environment: CAP_TIME_LIMIT (default 108), CAP_METHODS, CAP_KEEP=DIR keeps
# CSVs and outputs there instead of a temporary folder.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
LIMIT=${CAP_TIME_LIMIT:-108}
METHODS=(${CAP_METHODS:-auto})
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "needs GNU time at $TIME" >&2; exit 2; }
command -v jq > /dev/null || { echo "needs jq" >&2; exit 2; }

# Published optima (OR-Library capopt; splittable demand).
optimum() {
    case "$1" in
        cap41) echo 1040444.375 ;; cap71) echo 932615.750 ;; cap72) echo 977799.400 ;;
        cap73) echo 1010641.450 ;; cap74) echo 1034976.975 ;;
        capa:8000) echo 19240822.449 ;; capa:10000) echo 18438046.543 ;;
        capa:12000) echo 17765201.949 ;; capa:14000) echo 17160439.012 ;;
        capb:5000) echo 13656379.578 ;; capb:6000) echo 13361927.449 ;;
        capb:7000) echo 13198556.434 ;; capb:8000) echo 13082516.496 ;;
        capc:5000) echo 11646596.974 ;; capc:5750) echo 11570340.289 ;;
        capc:6500) echo 11518743.744 ;; capc:7250) echo 11505767.394 ;;
        *) echo "—" ;;
    esac
}
capacities() {
    case "$1" in
        capa) echo 8000 10000 12000 14000 ;;
        capb) echo 5000 6000 7000 8000 ;;
        capc) echo 5000 5750 6500 7250 ;;
    esac
}

ARGS=("$@")
[ ${#ARGS[@]} -gt 0 ] || ARGS=(capa capb capc)
LIST=()
for a in "${ARGS[@]}"; do
    case "$a" in
        capa | capb | capc) for c in $(capacities "$a"); do LIST+=("$a:$c"); done ;;
        *) LIST+=("$a") ;;
    esac
done

echo "== building siteplan and examples/orlib_csv (release)" >&2
cargo build --release --quiet --bin siteplan --example orlib_csv
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
BIN=$TARGET/release/siteplan
CSV=$TARGET/release/examples/orlib_csv

if [ -n "${CAP_KEEP:-}" ]; then
    WORK=$CAP_KEEP
    mkdir -p "$WORK"
else
    WORK=$(mktemp -d)
    trap 'rm -rf "$WORK"' EXIT
fi

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg); time limit $LIMIT s"
echo
echo "| instance | m × n | optimum | --method | objective | vs optimum | bound | status | method | solve s | wall s | peak MiB | over 120 s |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|"
for inst in "${LIST[@]}"; do
    name=${inst%%:*}
    dir=$WORK/${inst/:/-}
    mkdir -p "$dir"
    if [ "$name" = "$inst" ]; then
        read -r n m _ <<< "$("$CSV" cap "tests/data/orlib/$name.txt" "$dir")"
    else
        gzip -dc "bench/orlib/$name.txt.gz" > "$dir/$name.txt"
        read -r n m _ <<< "$("$CSV" cap "$dir/$name.txt" "$dir" --capacity "${inst#*:}")"
    fi
    opt=$(optimum "$inst")
    for method in "${METHODS[@]}"; do
        out=$dir/out-$method
        rm -rf "$out"
        rc=0
        "$TIME" -f '%e %M' -o "$dir/time-$method" "$BIN" plan --model fixed-charge \
            --demand "$dir/demand.csv" --sites "$dir/sites.csv" --costs "$dir/costs.csv" \
            --time-limit "$LIMIT" --timings --method "$method" --out "$out" --quiet \
            > "$dir/stdout-$method" 2> "$dir/stderr-$method" || rc=$?
        read -r wall kib < <(tail -n 1 "$dir/time-$method")
        s=$out/summary.json
        if [ -f "$s" ]; then
            obj=$(jq -r '.objective' "$s")
            row=$(jq -r '.objective | if . == null then "—" else (. * 1000 | round / 1000 | tostring) end' "$s")
            rel=$(awk -v a="$obj" -v b="$opt" 'BEGIN { if (a == "null" || b == "—") print "—"; else printf "%+.3f %%", 100 * (a - b) / b }')
            rest=$(jq -r '[.bound, .status, .method, .seconds] | map(if . == null then "—" elif type == "number" then (. * 1000 | round / 1000 | tostring) else tostring end) | join(" | ")' "$s")
        else
            row="—"
            rel="—"
            rest="— | exit $rc: $(grep -v '^\s*$' "$dir/stderr-$method" | tail -n 1 | cut -c1-80) | — | —"
        fi
        over=$(awk -v w="$wall" 'BEGIN { print (w > 120) ? "**yes**" : "no" }')
        echo "| $inst | $m × $n | $opt | $method | $row | $rel | $rest | $wall | $((kib / 1024)) | $over |"
    done
done
echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
