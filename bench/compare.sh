#!/usr/bin/env bash
# Compares `siteplan plan` with PySAL spopt's PMedian (PuLP + CBC) on the same
# generated CSV files, and times the CLI at national scale. One run prints one
# markdown table (also written to $OUT/compare.md). See docs/PERFORMANCE.md,
# "Comparison with spopt".
#
#   bench/compare.sh                          # every size, spopt where it fits
#   COMPARE_SIZES="1k 5k" bench/compare.sh    # some sizes only
#   COMPARE_SPOPT=0 bench/compare.sh          # siteplan only (no venv, no network)
#
# Settings (environment): COMPARE_OUT (default bench/out), COMPARE_SEED (1),
# SPOPT_TIME_LIMIT (600 s), SPOPT_MAX_PAIRS (largest demand × sites matrix
# given to spopt, default 2,500,000: see the docs for the memory it takes),
# SPOPT_MEM_GB (address-space cap of the spopt process, 18), COMPARE_THREADS
# (2, for both siteplan and CBC).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
OUT=${COMPARE_OUT:-$ROOT/bench/out}
SEED=${COMPARE_SEED:-1}
SIZES=${COMPARE_SIZES:-"1k 5k 20k 100k"}
SPOPT=${COMPARE_SPOPT:-1}
SPOPT_TIME_LIMIT=${SPOPT_TIME_LIMIT:-600}
SPOPT_MAX_PAIRS=${SPOPT_MAX_PAIRS:-2500000}
SPOPT_MEM_GB=${SPOPT_MEM_GB:-18}
THREADS=${COMPARE_THREADS:-2}
VENV=$ROOT/bench/.venv
TIME=/usr/bin/time

# name  cities  towns  sites  p  (demand points = cities + towns)
size_row() {
    case "$1" in
        1k) echo "100 900 200 20" ;;
        5k) echo "250 4750 500 50" ;;
        20k) echo "500 19500 1000 100" ;;
        100k) echo "1000 99000 5000 200" ;;
        *) echo "unknown size $1 (expected 1k, 5k, 20k or 100k)" >&2; exit 2 ;;
    esac
}

[ -x "$TIME" ] || { echo "needs GNU time at $TIME (apt-get install time)" >&2; exit 2; }
mkdir -p "$OUT"

echo "== building siteplan (release)" >&2
cargo build --release --quiet --bin siteplan
BIN=${CARGO_TARGET_DIR:-$ROOT/target}/release/siteplan

if [ "$SPOPT" = 1 ]; then
    if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import spopt, pulp' 2>/dev/null; then
        echo "== creating $VENV (spopt, pulp, numpy, pandas)" >&2
        if ! { python3 -m venv "$VENV" && "$VENV/bin/pip" install --quiet spopt pulp numpy pandas; }; then
            echo "spopt could not be installed: comparing nothing, timing siteplan only" >&2
            SPOPT=0
        fi
    fi
fi
PY=python3
[ "$SPOPT" = 1 ] && PY=$VENV/bin/python

# Field of a `/usr/bin/time -v` log: wall seconds or peak RSS in MiB.
wall_s() { awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s }' "$1"; }
cpu_pct() { awk -F': ' '/Percent of CPU/ { sub("%", "", $2); print $2 + 0 }' "$1"; }
peak_mib() { awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$1"; }

ROWS=$OUT/rows.jsonl
: > "$ROWS"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

for size in $SIZES; do
    read -r cities towns n_sites p <<< "$(size_row "$size")"
    n_demand=$((cities + towns))
    pairs=$((n_demand * n_sites))
    dir=$OUT/$size
    mkdir -p "$dir"
    echo "== $size: $n_demand demand points × $n_sites sites, p = $p" >&2
    "$BIN" --quiet generate --cities "$cities" --towns "$towns" --candidates "$n_sites" \
        --region china --seed "$SEED" --out "$dir/market"
    # Only the candidate sites: `generate` writes no existing or competitor
    # stores with these options, so sites.csv is exactly the candidate list.

    spopt_json='null'
    if [ "$SPOPT" = 1 ] && [ "$pairs" -le "$SPOPT_MAX_PAIRS" ]; then
        # Same input for both: the full great-circle matrix, written once.
        "$PY" bench/spopt_run.py costs "$dir/market/demand.csv" "$dir/market/sites.csv" "$dir/costs.csv" >&2
        echo "   spopt PMedian, CBC, time limit $SPOPT_TIME_LIMIT s" >&2
        # Address space capped so that a model too big for the machine fails
        # with MemoryError instead of pushing everything else out.
        if (ulimit -v $((SPOPT_MEM_GB * 1024 * 1024)); SPOPT_THREADS=$THREADS exec "$TIME" -v -o "$dir/spopt.time" \
            "$PY" bench/spopt_run.py solve "$dir/market/demand.csv" "$dir/market/sites.csv" "$p" \
            "$SPOPT_TIME_LIMIT" > "$dir/spopt.json" 2> "$dir/spopt.err"); then
            spopt_json=$(tail -n 1 "$dir/spopt.json")
            spopt_json=$(printf '%s' "$spopt_json" | "$PY" -c 'import json,sys; d=json.load(sys.stdin); d["wall_s"]=float(sys.argv[1]); d["peak_mib"]=float(sys.argv[2]); print(json.dumps(d))' \
                "$(wall_s "$dir/spopt.time")" "$(peak_mib "$dir/spopt.time")")
        else
            # e.g. CBC stopped at the time limit without a solution: PuLP
            # then reports "Infeasible" and spopt raises.
            why=$(tail -n 1 "$dir/spopt.err" | tr -d '"\\' | cut -c1-160)
            spopt_json="{\"status\": \"failed: $why\", \"wall_s\": $(wall_s "$dir/spopt.time"), \"peak_mib\": $(peak_mib "$dir/spopt.time")}"
        fi
        # Memory of the largest model spopt built, for the estimate below.
        last_peak_mib=$(peak_mib "$dir/spopt.time")
        last_pairs=$pairs
        # siteplan on the same OD matrix: every pair, proven optimal by its
        # own branch-and-bound (the route `--method exact` takes for a dense
        # uncapacitated p-median).
        # --k-nearest at the site count keeps every pair (the default keeps
        # the 50 nearest); --gap 1e-9 asks for optimality up to rounding
        # (the costs are not whole numbers, so a gap of exactly 0 is never
        # reported even when the bound meets the plan).
        args=(--costs "$dir/costs.csv" --k-nearest "$n_sites" --method exact --gap 1e-9 --time-limit "$SPOPT_TIME_LIMIT")
        how="OD CSV, all $pairs pairs, exact"
    elif [ "$SPOPT" = 1 ]; then
        est=""
        if [ -n "${last_peak_mib:-}" ]; then
            est=$(awk -v m="$last_peak_mib" -v a="$last_pairs" -v b="$pairs" \
                'BEGIN { printf ", about %.0f GiB by the %d-pair run", m * b / a / 1024, a }')
        fi
        spopt_json="{\"status\": \"skipped: $pairs pairs over SPOPT_MAX_PAIRS$est\"}"
        args=(--cutoff 150 --gap 0.01 --time-limit 60)
        how="haversine within 150 km, auto, gap 1 %"
    elif [ "$pairs" -le "$SPOPT_MAX_PAIRS" ]; then
        # No spopt: the same full matrix, computed by siteplan itself.
        spopt_json='{"status": "not run"}'
        args=(--k-nearest "$n_sites" --method exact --gap 1e-9 --time-limit "$SPOPT_TIME_LIMIT")
        how="haversine, all $pairs pairs, exact"
    else
        spopt_json='{"status": "not run"}'
        args=(--cutoff 150 --gap 0.01 --time-limit 60)
        how="haversine within 150 km, auto, gap 1 %"
    fi

    echo "   siteplan plan (${how})" >&2
    "$TIME" -v -o "$dir/siteplan.time" "$BIN" --quiet plan --demand "$dir/market/demand.csv" \
        --sites "$dir/market/sites.csv" --model p-median --new-sites "$p" "${args[@]}" \
        --threads "$THREADS" --seed 0 --out "$dir/plan"
    "$PY" - "$dir/plan/summary.json" "$size" "$n_demand" "$n_sites" "$p" "$how" \
        "$(wall_s "$dir/siteplan.time")" "$(peak_mib "$dir/siteplan.time")" "$spopt_json" \
        "$(cpu_pct "$dir/siteplan.time")" >> "$ROWS" <<'EOF'
import json, sys
s = json.load(open(sys.argv[1]))
print(json.dumps({
    "size": sys.argv[2], "demand": int(sys.argv[3]), "sites": int(sys.argv[4]), "p": int(sys.argv[5]),
    "input": sys.argv[6], "wall_s": float(sys.argv[7]), "peak_mib": float(sys.argv[8]),
    "cpu_pct": float(sys.argv[10]), "solve_s": s["seconds"], "objective": s["objective"], "bound": s["bound"], "gap": s["gap"],
    "method": s["method"], "status": s["status"], "spopt": json.loads(sys.argv[9]),
}))
EOF
done

load_after=$(cut -d' ' -f1-3 /proc/loadavg)
"$PY" - "$ROWS" "$load_before" "$load_after" "$SPOPT_TIME_LIMIT" > "$OUT/compare.md" <<'EOF'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
print("| size | p | siteplan input | siteplan wall (solve; CPU) | siteplan objective | gap | method | siteplan peak | "
      "spopt wall (CBC) | spopt objective | spopt status | spopt peak | time ratio | objective ratio |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
def f(x, d=2): return "—" if x is None else f"{x:.{d}f}"
for r in rows:
    o = r["spopt"]
    obj = r["objective"]
    sp_obj = o.get("objective_recomputed", o.get("objective"))
    if "wall_s" in o and "solve_s" in o:
        sp_time = f"{o['wall_s']:.1f} s ({o['solve_s']:.1f} s)"
        ratio = f"{o['wall_s'] / r['wall_s']:.0f}×"
        sp_peak = f"{o['peak_mib']:.0f} MiB"
        status = f"{o['status']}, {o['sol_status']}"
    elif "wall_s" in o:
        sp_time, ratio, sp_peak, status = f"{o['wall_s']:.1f} s", "—", f"{o['peak_mib']:.0f} MiB", o["status"]
    else:
        sp_time, ratio, sp_peak, status = "—", "—", "—", o["status"]
    oratio = f"{obj / sp_obj:.6f}" if (sp_obj and obj) else "—"
    gap = "—" if r["gap"] is None else f"{100 * r['gap']:.3f} %"
    print(f"| {r['demand']:,} × {r['sites']:,} | {r['p']} | {r['input']} | {r['wall_s']:.2f} s ({r['solve_s']:.2f} s; {r['cpu_pct']:.0f} % CPU) | "
          f"{obj:.6e} | {gap} | {r['method']}, {r['status']} | {r['peak_mib']:.0f} MiB | "
          f"{sp_time} | {'—' if sp_obj is None else f'{sp_obj:.6e}'} | {status} | {sp_peak} | {ratio} | {oratio} |")
print()
print(f"Load average (1, 5, 15 min) before: {sys.argv[2]}; after: {sys.argv[3]}. "
      f"spopt time limit {sys.argv[4]} s. Time ratio = spopt wall / siteplan wall (whole processes); "
      "objective ratio = siteplan / spopt (below 1: siteplan's plan is cheaper). "
      "% CPU: CPU time / wall time of the siteplan process (200 % = both cores all the time).")
EOF
cat "$OUT/compare.md"
