#!/usr/bin/env bash
# The scaling curve of `siteplan plan` through the command line: generated
# markets of growing size, p-median and max-coverage, each run as one
# process (reading, matrix, solve, writing) under /usr/bin/time -v.
# Prints one Markdown table row per run: size, model, wall seconds, peak
# memory, status, objective, bound and gap (from summary.json).
#
# Usage: bench/scale.sh [SIZE...]          sizes: 100k 300k 1m (default: all)
#        LIMIT=60 THREADS=2 SITEPLAN=path/to/siteplan bench/scale.sh 100k
#
# Markets (siteplan generate, region china, seed 5):
#   100k: --cities 1000 --towns 99000  --candidates 5000,  p = 200
#   300k: --cities 1500 --towns 298500 --candidates 10000, p = 500
#   1m:   --cities 2000 --towns 1000000 --candidates 20000, p = 1000
# Cutoff 150 km (100k) and 100 km (300k, 1m), as in docs/PERFORMANCE.md.
# A run refused for its memory estimate (exit 2) is listed as refused.
set -uo pipefail
cd "$(dirname "$0")/.."
bin=${SITEPLAN:-${CARGO_TARGET_DIR:-target}/release/siteplan}
if [ ! -x "$bin" ]; then cargo build --release --bin siteplan || exit 1; fi
limit=${LIMIT:-60}
threads=${THREADS:-2}
work=${WORK:-$(mktemp -d)}
sizes=${*:-"100k 300k 1m"}

market() { # size → "cities towns candidates p cutoff"
  case $1 in
    100k) echo "1000 99000 5000 200 150" ;;
    300k) echo "1500 298500 10000 500 100" ;;
    1m) echo "2000 1000000 20000 1000 100" ;;
    *) echo "unknown size $1 (100k, 300k or 1m)" >&2; exit 2 ;;
  esac
}

field() { # key file → value from summary.json ("" when absent)
  python3 -c 'import json,sys; v=json.load(open(sys.argv[2])).get(sys.argv[1]); print("" if v is None else v)' "$1" "$2"
}

echo "| market | model | p | wall s | peak MiB | status | objective | bound | gap % |"
echo "|---|---|---|---|---|---|---|---|---|"
for size in $sizes; do
  read -r cities towns cands p cutoff <<<"$(market "$size")"
  m="$work/market-$size"
  [ -f "$m/demand.csv" ] || "$bin" generate -q --cities "$cities" --towns "$towns" \
    --candidates "$cands" --seed 5 --out "$m"
  for model in p-median max-coverage; do
    out="$work/plan-$size-$model"
    /usr/bin/time -v -o "$work/time.txt" "$bin" plan -q --demand "$m/demand.csv" \
      --sites "$m/sites.csv" --model "$model" --new-sites "$p" --cutoff "$cutoff" \
      --time-limit "$limit" --threads "$threads" --out "$out" 2>"$work/err.txt"
    rc=$?
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,t,":"); s=0; for(i=1;i<=n;i++) s=s*60+t[i]; print s}' "$work/time.txt")
    rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$work/time.txt")
    if [ "$rc" -ne 0 ]; then
      echo "| $size | $model | $p | $wall | $rss | exit $rc: $(head -c 120 "$work/err.txt" | tr '\n|' '  ') | | | |"
      continue
    fi
    s="$out/summary.json"
    gap=$(field gap "$s")
    [ -n "$gap" ] && gap=$(python3 -c "print(f'{100*float($gap):.3f}')")
    echo "| $size | $model | $p | $wall | $rss | $(field status "$s") | $(field objective "$s") | $(field bound "$s") | $gap |"
  done
done
