#!/bin/sh
# Every cluster.conf anvil renders validates against the RHCS 3 schema
# (third_party/rhcs/cluster.rng, a copy of ../shared/reference/schema) with
# the real xmllint; files the schema rejects are rejected, by xmllint and by
# `anvil cluster validate`, so the check can fail. Usage: cluster_render.sh
# ANVIL SCHEMA. Exit 77 (skip) without xmllint.
set -eu
anvil=$1
schema=$2
command -v xmllint >/dev/null || { echo "skip: needs xmllint (libxml2-utils)" >&2; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok - $*"; }
fail() { failed=$((failed + 1)); echo "FAIL - $*"; }
a() { "$anvil" --ledger "$work/ledger.db" "$@"; }
valid() {  # NAME: render and validate
  a cluster render >"$work/$1.conf"
  if xmllint --noout --relaxng "$schema" "$work/$1.conf" 2>"$work/err"; then ok "$1: validates"; else fail "$1: $(cat "$work/err")"; fi
}

a ip-plan init >/dev/null 2>&1
valid seed
grep -q '<cman expected_votes="1" two_node="1" */>' "$work/seed.conf" && ok "seed: two_node cman" || fail "seed: no two_node cman"
[ "$(grep -c ' delay=' "$work/seed.conf")" = 1 ] && ok "seed: a fence delay on exactly one node" || fail "seed: fence delays: $(grep -c ' delay=' "$work/seed.conf")"

# Two PDUs feeding each node, options, VMs, another delay node, changed names.
a fence add-device pdu1 --agent fence_apc_snmp --login apc --option snmp_version=1 >/dev/null
a fence add-device pdu2 --agent fence_apc_snmp --login apc >/dev/null
a fence add-method an-node01 --device pdu1 --port 1 --device pdu2 --port 1 >/dev/null
a fence add-method an-node02 --device pdu1 --port 2 --device pdu2 --port 2 >/dev/null
a fence set-device an-node01-ipmi --login root --option lanplus=1 >/dev/null
a ip-plan set cluster.fence-delay-node an-node02 >/dev/null
a ip-plan set cluster.post-join-delay 60 >/dev/null
a ip-plan add vm vm01-web >/dev/null
a ip-plan add vm vm02-db >/dev/null
valid full
grep -q '<vm autostart="0" domain="primary_n01" exclusive="0" max_restarts="2" name="vm01-web"' "$work/full.conf" &&
  ok "full: a vm entry per guest" || fail "full: no vm entry"
if "$anvil" --ledger "$work/ledger.db" cluster validate >/dev/null; then ok "full: anvil cluster validate"; else fail "full: anvil cluster validate"; fi

# The check can fail: what the schema rejects.
sed 's/two_node="1"/two_nodes="1"/' "$work/seed.conf" >"$work/bad-attr.conf"
sed 's/<fence_daemon/<fence_demon/' "$work/seed.conf" >"$work/bad-element.conf"
sed 's/nodeid="1"/nodeid="one"/' "$work/seed.conf" >"$work/bad-type.conf"
for bad in bad-attr bad-element bad-type; do
  if xmllint --noout --relaxng "$schema" "$work/$bad.conf" 2>/dev/null; then fail "$bad passed the schema"; else ok "schema rejects $bad"; fi
  out=$("$anvil" --ledger "$work/ledger.db" cluster validate --schema "$schema" "$work/$bad.conf" 2>"$work/err") && st=0 || st=$?
  if [ "$st" = 1 ] && grep -q "does not validate" "$work/err" && [ -n "$out" ]; then
    ok "anvil cluster validate rejects $bad (exit 1, xmllint's reasons on stdout)"
  else
    fail "anvil cluster validate $bad: exit $st, out: $out, err: $(cat "$work/err")"
  fi
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
