#!/usr/bin/env bash
# Times `siteplan plan --method exact` (default backend) against `--method auto`
# on the shipped China tables and on generated markets of growing size, for
# max-coverage (50 km) and p-median (50 nearest sites), 50 new sites. One line
# per run. See docs/PERFORMANCE_MODELS.md, "China: exact models".
#
#   bench/exact_ladder.sh                 # China, then 1000 1500 2000 3000 5000 10000
#   bench/exact_ladder.sh 1000 2000       # China, then these generated sizes
#
# A generated market of N demand points has N/10 cities, the rest towns,
# N/2 existing stores and a candidate at every place (so N + N/2 sites),
# region china, seed 1. Time limit 90 s (EXACT_TIME_LIMIT) so that runs over
# 60 s show as such.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
OUT=${EXACT_OUT:-$ROOT/bench/out/exact}
LIMIT=${EXACT_TIME_LIMIT:-90}
SIZES=${*:-"1000 1500 2000 3000 5000 10000"}
mkdir -p "$OUT"
cargo build --release --quiet --bin siteplan
BIN=${CARGO_TARGET_DIR:-$ROOT/target}/release/siteplan

run() { # label model method sites-args...
    local label=$1 model=$2 method=$3
    shift 3
    local extra=()
    [ "$model" = max-coverage ] && extra=(--cutoff 50)
    local o=$OUT/$label-$model-$method
    set +e
    /usr/bin/time -f "%e %M" -o "$o.time" "$BIN" -q plan "$@" --model "$model" --new-sites 50 \
        "${extra[@]}" --method "$method" --time-limit "$LIMIT" --out "$o" 2> "$o.err"
    local rc=$?
    set -e
    python3 - "$o" "$label" "$model" "$method" "$rc" <<'EOF'
import json, sys
o, label, model, method, rc = sys.argv[1:]
wall, kib = open(o + ".time").read().split()[-2:]
head = f"{label} | {model} | {method} | wall {wall} s | peak {int(kib) // 1024} MiB"
if rc != "0":
    print(f"{head} | exit {rc}: {open(o + '.err').read().strip()}")
else:
    d = json.load(open(o + "/summary.json"))
    gap = "—" if d["gap"] is None else f"{100 * d['gap']:.4f} %"
    print(f"{head} | {d['status']} | {d['method']} | objective {d['objective']:.6e} | gap {gap} | "
          f"solve {d['seconds']:.2f} s | {d['variables']} variables, {d['constraints']} constraints")
EOF
}

CN=(--demand data/cities_cn.csv --sites data/cn_existing_centers.csv --sites data/cn_candidates.csv)
for model in max-coverage p-median; do
    for method in exact auto; do
        run china "$model" "$method" "${CN[@]}"
    done
done
# p-median with the 50 km cutoff as a hard reach, both routes.
for method in exact auto; do
    o=$OUT/china-p-median-50km-$method
    set +e
    "$BIN" -q plan "${CN[@]}" --model p-median --new-sites 50 --cutoff 50 --method "$method" \
        --time-limit "$LIMIT" --out "$o" 2> "$o.err"
    rc=$?
    set -e
    if [ "$rc" = 0 ]; then
        python3 - "$o/summary.json" "$method" <<'EOF2'
import json, sys
d = json.load(open(sys.argv[1]))
print(f"china | p-median 50 km | {sys.argv[2]} | {d['status']} | {d['method']} | "
      f"objective {d['objective']:.6e} | unserved weight {d['unserved_weight']:.0f} of {d['total_weight']:.0f}")
EOF2
    else
        echo "china | p-median 50 km | $method | exit $rc: $(cat "$o.err")"
    fi
done

for n in $SIZES; do
    m=$OUT/market-$n
    "$BIN" -q generate --cities $((n / 10)) --towns $((n - n / 10)) --existing $((n / 2)) \
        --seed 1 --region china --out "$m"
    for model in max-coverage p-median; do
        for method in exact auto; do
            run "$n" "$model" "$method" --demand "$m/demand.csv" --sites "$m/sites.csv"
        done
    done
done
