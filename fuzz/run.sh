#!/bin/sh
# Fuzzes siteplan's input readers: each target (or those named) for RUNS
# executions (default 1,000,000), growing fuzz/corpus/TARGET from
# fuzz/seeds/TARGET, then minimises the corpus (`cargo fuzz cmin`). A
# minimised corpus over KEEP bytes (default 500,000) keeps only its
# smallest inputs up to KEEP bytes (by size, then name: deterministic), so
# that the committed corpus stays small. Needs cargo-fuzz; nightly
# flags are allowed on a stable toolchain by RUSTC_BOOTSTRAP=1. Scratch
# files go to TMPDIR (a tmpfs such as /dev/shm is fastest).
# Usage: fuzz/run.sh [TARGET...]    (from the repository root or fuzz/)
set -eu
cd "$(dirname "$0")"
RUNS=${RUNS:-1000000}
KEEP=${KEEP:-500000}
export RUSTC_BOOTSTRAP=1
export TMPDIR=${TMPDIR:-/dev/shm}
targets=${*:-"demand sites costs plan_config sweep_config borders manifest"}
cargo fuzz build -s none
for t in $targets; do
    mkdir -p "corpus/$t" "seeds/$t"
    cargo fuzz run -s none "$t" "corpus/$t" "seeds/$t" -- \
        -runs="$RUNS" -timeout=1 -rss_limit_mb=2048 -print_final_stats=1
    cargo fuzz cmin -s none "$t" "corpus/$t" -- -timeout=1
    find "corpus/$t" -type f -printf '%s %p\n' | LC_ALL=C sort -k1,1n -k2,2 |
        awk -v keep="$KEEP" '{ s += $1; if (s > keep) print $2 }' | xargs -r rm -f
    echo "corpus/$t: $(ls "corpus/$t" | wc -l) inputs," \
        "$(cat "corpus/$t"/* | wc -c) bytes"
done
