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
fixtures=$(cd "$(dirname "$0")/../tests/fixtures" && pwd)

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
  # The checks cron runs every few minutes, on captured state (no node):
  # what anvil itself costs per check, parsing and judging included.
  "$anvil" drbd add r0 --disk an-node01=/dev/sda5 --disk an-node02=/dev/sda5 >/dev/null
  "$anvil" drbd add r1 --disk an-node01=/dev/sdb1 --disk an-node02=/dev/sdb1 >/dev/null
  measure "anvil drbd check --from (8.3 /proc/drbd, syncing)" "$anvil" drbd check an-node01 --from "$fixtures/drbd/proc-8.3-syncing.txt" --format nagios
  measure "anvil cluster check --from (cman + clustat -x)" "$anvil" cluster check an-node01 --from "$fixtures/cluster/healthy.txt" --format nagios
  measure "anvil net check --from (bonding file)" "$anvil" net check an-node01 --from "$fixtures/bonding/el6-healthy.bond0" --format nagios
  measure "anvil cluster render (cluster.conf, pugixml)" "$anvil" cluster render
  measure "anvil drbd render" "$anvil" drbd render
done
measure "baseline: /bin/true" /bin/true
