#!/bin/sh
# The README's demo: plan the seed's reference cluster in a scratch ledger,
# show it, and render every configuration it gives the nodes (network
# scripts, DRBD, cluster.conf, checked against the RHCS schema). Usage: demo.sh ANVIL WORKDIR (the ledger comes from
# $ANVIL_LEDGER, set by the `demo` build target).
set -eu
anvil=$1
work=$2
rm -rf "$work"
mkdir -p "$work"
say() { printf '\n$ %s\n' "$*"; }

say anvil ip-plan init
"$anvil" ip-plan init --reason "demo: the seed's reference cluster"
say anvil ip-plan add device pdu pdu1
"$anvil" ip-plan add device pdu pdu1
say anvil ip-plan add device pdu pdu2
"$anvil" ip-plan add device pdu pdu2
say anvil ip-plan add device switch switch1
"$anvil" ip-plan add device switch switch1
say anvil ip-plan add vm vm01-dev
"$anvil" ip-plan add vm vm01-dev
say anvil ip-plan show --format hosts
"$anvil" ip-plan show --format hosts
say anvil ip-plan check
"$anvil" ip-plan check
say anvil drbd add r0 --disk an-node01=/dev/sda5 --disk an-node02=/dev/sda5
"$anvil" drbd add r0 --disk an-node01=/dev/sda5 --disk an-node02=/dev/sda5
say anvil fence set-device pdu1 --agent fence_apc_snmp --login apc
"$anvil" fence set-device pdu1 --agent fence_apc_snmp --login apc
say anvil fence add-method an-node01 --device pdu1 --port 1
"$anvil" fence add-method an-node01 --device pdu1 --port 1
"$anvil" fence add-method an-node02 --device pdu1 --port 2 >/dev/null
say anvil fence list
"$anvil" fence list
say anvil net render --all --out "$work/net"
"$anvil" net render --all --out "$work/net"
say anvil drbd render --out "$work/drbd"
"$anvil" drbd render --out "$work/drbd"
say anvil cluster render --out "$work/cluster.conf"
"$anvil" cluster render --out "$work/cluster.conf"
if command -v xmllint >/dev/null 2>&1; then
  say anvil cluster validate "$work/cluster.conf"
  "$anvil" cluster validate "$work/cluster.conf"
fi
say anvil history
"$anvil" history
printf '\nThe ledger is %s\n' "$ANVIL_LEDGER"
