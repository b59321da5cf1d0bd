#!/usr/bin/env bash
# Scenario sweep benchmark on the shipped China network (593 cities, 335
# existing centers, 623 candidates), max-coverage:
#   1,000 scenarios = new_sites 1..=100 × 10 cutoffs (20, 25, …, 65 km),
#   solved with --jobs 1 and --jobs 2, alternating, ROUNDS times;
#   then peak memory (/usr/bin/time -v) of 100 scenarios (new_sites 1..=10
#   × the same 10 cutoffs, so the same 10 cost matrices) against 1,000.
# Usage: bench/sweep_bench.sh            (ROUNDS=2 by default)
#        ROUNDS=1 SITEPLAN=path/to/siteplan bench/sweep_bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
bin=${SITEPLAN:-${CARGO_TARGET_DIR:-target}/release/siteplan}
if [ ! -x "$bin" ]; then cargo build --release; fi
rounds=${ROUNDS:-2}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

sweep_file() { # $1 = largest new_sites, $2 = file
  cat > "$2" <<EOT
demand = "$root/data/cities_cn.csv"
sites = ["$root/data/cn_existing_centers.csv", "$root/data/cn_candidates.csv"]
model = "max-coverage"
[grid]
new_sites = [$(seq -s, 1 "$1")]
cutoff = [20, 25, 30, 35, 40, 45, 50, 55, 60, 65]
EOT
}
sweep_file 100 "$work/s1000.toml"
sweep_file 10 "$work/s100.toml"

run() { # $1 = sweep file, $2 = jobs, $3 = out; prints "seconds peak_kb cpu_seconds"
  /usr/bin/time -f "%e %M %U %S" -o "$work/time" \
    "$bin" sweep --config "$1" --out "$3" --jobs "$2" --quiet
  awk '{ print $1, $2, $3 + $4 }' "$work/time"
}

echo "siteplan sweep: 1,000 scenarios (China, max-coverage), $(nproc) CPUs"
for r in $(seq "$rounds"); do
  read -r t1 m1 c1 < <(run "$work/s1000.toml" 1 "$work/j1")
  read -r t2 m2 c2 < <(run "$work/s1000.toml" 2 "$work/j2")
  cmp -s "$work/j1/summary.csv" "$work/j2/summary.csv" || { echo "summary.csv differs between --jobs 1 and 2"; exit 1; }
  # CPU seconds (user + system) show whether running two solves at once
  # costs extra work; on a busy machine the wall-clock speedup also depends
  # on how much CPU the machine gives the process.
  awk -v r="$r" -v t1="$t1" -v t2="$t2" -v m1="$m1" -v m2="$m2" -v c1="$c1" -v c2="$c2" 'BEGIN {
    printf "round %d: --jobs 1 %.1f s (%.1f scenarios/s, %.1f CPU s, %.0f MB)  --jobs 2 %.1f s (%.1f scenarios/s, %.1f CPU s, %.0f MB)  speedup %.2f\n",
      r, t1, 1000 / t1, c1, m1 / 1024, t2, 1000 / t2, c2, m2 / 1024, t1 / t2 }'
  rm -rf "$work/j1" "$work/j2"
done
read -r t100 m100 _ < <(run "$work/s100.toml" 2 "$work/m100")
read -r t1000 m1000 _ < <(run "$work/s1000.toml" 2 "$work/m1000")
awk -v a="$m100" -v b="$m1000" -v ta="$t100" -v tb="$t1000" 'BEGIN {
  printf "peak memory, --jobs 2: 100 scenarios %.1f MB (%.1f s), 1,000 scenarios %.1f MB (%.1f s)\n", a / 1024, ta, b / 1024, tb }'
