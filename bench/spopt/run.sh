#!/usr/bin/env bash
# siteplan on the instances PySAL spopt was timed on (S1–S3 of
# /work/shared/bench/spopt/README.md, or $SPOPT_BENCH/README.md), with the
# command-line tool's DEFAULT settings, against spopt's published results.
#
#   bench/spopt/run.sh              # every case
#   bench/spopt/run.sh S1 S2        # the cases of some instances only
#
# The instances are generated (Python 3 with numpy) into bench/out/spopt/
# (ignored by git) when missing, and their sha256 prefixes are checked
# against the README's; a mismatch (another numpy) is reported, and the
# table then compares different inputs.
#
# Cases (the README's table): p-median p = 10 / 25 / 50 on S1 / S2 / S3,
# max-coverage within 50 km with the same p, set-cover at 415 km (S1) and
# 249 km (S2). Each runs twice: with --no-capacities (spopt's models are
# uncapacitated) and with the candidates' `capacity` column in force:
#
#   siteplan plan --demand demand.csv --sites candidates.csv --model M \
#       [--new-sites P] [--cutoff R] [--no-capacities] --timings --out DIR --quiet
#
# Everything else is the default: great-circle km, the 50 nearest sites per
# point for p-median (no cutoff), time limit 60 s, gap 1e-4, method auto.
# The table shows objective, bound, status and method from summary.json,
# the solve's seconds (`seconds`, from --timings) and the whole command's
# wall seconds and peak memory (/usr/bin/time).
#
# Environment: SPOPT_BENCH (folder with gen_instance.py, default
# /work/shared/bench/spopt), SPOPT_DATA (default bench/out/spopt),
# SITEPLAN_ARGS (extra flags for every run, e.g. "--time-limit 120").
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
BENCH=${SPOPT_BENCH:-/work/shared/bench/spopt}
DATA=${SPOPT_DATA:-$ROOT/bench/out/spopt}
EXTRA=(${SITEPLAN_ARGS:-})
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "needs GNU time at $TIME" >&2; exit 2; }
command -v jq > /dev/null || { echo "needs jq" >&2; exit 2; }
INSTANCES=("$@")
[ ${#INSTANCES[@]} -gt 0 ] || INSTANCES=(S1 S2 S3)

# name  n_demand  n_candidates  seed  sha256 prefix of demand.csv / candidates.csv
instance_row() {
    case "$1" in
        S1) echo "1000 200 1 d9a4d1e9ca6cdc51 10fc858005affae8" ;;
        S2) echo "5000 500 2 c60e37d827b966b6 a95e0fd7556467bd" ;;
        S3) echo "20000 1000 3 a8ab7a9ca46b6cfe 7a5a56ab629314e3" ;;
        *) echo "unknown instance $1 (S1, S2 or S3)" >&2; exit 2 ;;
    esac
}

# instance  model  p-or-radius  spopt result  spopt wall s   (the README's table)
CASES=(
    "S1|p-median|10|optimal 53,836,423.83|50–87"
    "S2|p-median|25|no solution (CBC gave up after 621 s, 7.9 GB)|823"
    "S3|p-median|50|killed at 20 GB building the model|762"
    "S1|max-coverage|10|optimal 241,613|4.8–6.0"
    "S2|max-coverage|25|optimal 2,699,387|26–27"
    "S3|max-coverage|50|optimal 7,616,134|190"
    "S1|set-cover|415|optimal 13|4.3–5.5"
    "S2|set-cover|249|optimal 37|31–33"
)

echo "== building siteplan (release)" >&2
cargo build --release --quiet --bin siteplan
BIN=${CARGO_TARGET_DIR:-$ROOT/target}/release/siteplan

checks=""
for s in "${INSTANCES[@]}"; do
    read -r nd nc seed hd hc <<< "$(instance_row "$s")"
    dir=$DATA/$s
    if [ ! -f "$dir/demand.csv" ] || [ ! -f "$dir/candidates.csv" ]; then
        echo "== generating $s ($nd demand points, $nc candidates)" >&2
        mkdir -p "$DATA"
        python3 "$BENCH/gen_instance.py" --n-demand "$nd" --n-candidates "$nc" \
            --seed "$seed" --clustered --out "$dir" >&2
    fi
    got_d=$(sha256sum "$dir/demand.csv" | cut -c1-16)
    got_c=$(sha256sum "$dir/candidates.csv" | cut -c1-16)
    if [ "$got_d" = "$hd" ] && [ "$got_c" = "$hc" ]; then
        checks+="$s: sha256 prefixes match the README ($got_d / $got_c). "
    else
        checks+="$s: sha256 MISMATCH ($got_d / $got_c, README $hd / $hc): not the instance spopt solved. "
    fi
done

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "$checks"
echo
echo "| case | model | p / radius | spopt | spopt wall s | capacities | ours: objective | bound | gap | status | method | solve s | wall s | peak MiB |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
for row in "${CASES[@]}"; do
    IFS='|' read -r s model arg spopt spopt_s <<< "$row"
    case " ${INSTANCES[*]} " in *" $s "*) ;; *) continue ;; esac
    dir=$DATA/$s
    case "$model" in
        p-median) args=(--new-sites "$arg") ;;
        max-coverage) args=(--new-sites "$arg" --cutoff 50) ;;
        set-cover) args=(--cutoff "$arg") ;;
    esac
    for caps in off on; do
        out=$DATA/runs/$s-$model-$arg-caps-$caps
        rm -rf "$out"
        mkdir -p "$out"
        flag=()
        [ "$caps" = off ] && flag=(--no-capacities)
        rc=0
        "$TIME" -f '%e %M' -o "$out/time" "$BIN" plan --demand "$dir/demand.csv" \
            --sites "$dir/candidates.csv" --model "$model" "${args[@]}" "${flag[@]}" \
            ${EXTRA[@]+"${EXTRA[@]}"} --timings --out "$out/plan" --quiet \
            > "$out/stdout" 2> "$out/stderr" || rc=$?
        read -r wall kib < <(tail -n 1 "$out/time")
        mib=$((kib / 1024))
        sj=$out/plan/summary.json
        if [ -f "$sj" ]; then
            ours=$(jq -r '[.objective, .bound, .gap, .status, .method, .seconds] | map(if . == null then "—" elif type == "number" then (if . < 1 then (. * 1e6 | round / 1e6) else (. * 100 | round / 100) end | tostring) else tostring end) | join(" | ")' "$sj")
        else
            ours="— | — | — | exit $rc: $(grep -v '^\s*$' "$out/stderr" | tail -n 1 | cut -c1-90) | — | —"
        fi
        [ "$model" = set-cover ] && unit="$arg km" || unit="$arg"
        [ "$model" = max-coverage ] && unit="p = $arg, 50 km"
        [ "$model" = p-median ] && unit="p = $arg"
        echo "| $s | $model | $unit | $spopt | $spopt_s | $caps | $ours | $wall | $mib |"
    done
done
echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
