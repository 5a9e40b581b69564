#!/bin/sh
# The README's demo: plan the seed's reference cluster in a scratch ledger
# and show it. Usage: demo.sh ANVIL WORKDIR (the ledger comes from
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
say anvil history
"$anvil" history
printf '\nThe ledger is %s\n' "$ANVIL_LEDGER"
