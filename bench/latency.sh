#!/bin/sh
# Start-up and completion latency of anvil, measured over many runs.
# Usage: bench/latency.sh [ANVIL...]   (default: build/anvil build-static/anvil)
# Prints, per binary and command, the mean and the fastest run in ms.
# Timings are for people to read and compare, not for tests to assert.
set -eu
runs=${RUNS:-200}
[ $# -gt 0 ] || set -- build/anvil build-static/anvil
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export ANVIL_LEDGER="$work/ledger.db"

now_ns() { date +%s%N; }

measure() {  # LABEL COMMAND...
  label=$1
  shift
  best=999999999999
  total=0
  i=0
  while [ $i -lt "$runs" ]; do
    start=$(now_ns)
    "$@" >/dev/null 2>&1 || true
    end=$(now_ns)
    t=$((end - start))
    total=$((total + t))
    [ $t -lt $best ] && best=$t
    i=$((i + 1))
  done
  printf '%-52s mean %6.2f ms   best %6.2f ms\n' "$label" \
    "$(echo "$total / $runs / 1000000" | bc -l)" "$(echo "$best / 1000000" | bc -l)"
}

for anvil in "$@"; do
  [ -x "$anvil" ] || { echo "skipped: $anvil is not built"; continue; }
  rm -f "$ANVIL_LEDGER"
  "$anvil" ip-plan init >/dev/null 2>&1
  for i in 1 2 3 4 5 6 7 8; do "$anvil" ip-plan add vm "vm$i" >/dev/null; done
  echo "== $anvil ($(file -b "$anvil" | cut -d, -f1-2 | tr -d '\n'); $runs runs each)"
  measure "anvil --version" "$anvil" --version
  measure "anvil --help" "$anvil" --help
  measure "anvil __complete ip-plan ''" "$anvil" __complete ip-plan ''
  measure "anvil __complete ip-plan set '' (ledger lookup)" "$anvil" __complete ip-plan set ''
  measure "anvil ip-plan show" "$anvil" ip-plan show
  measure "anvil ip-plan show --json" "$anvil" ip-plan show --json
done
measure "baseline: /bin/true" /bin/true
