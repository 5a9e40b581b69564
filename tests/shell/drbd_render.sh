#!/bin/sh
# Every DRBD render of anvil is accepted by the real DRBD 8.3 parser
# (/lib/drbd/drbdadm-83 from drbd-utils), as each node would read it: in a
# network namespace that has the node's SN address (drbdadm checks that the
# host owns the address of its `on` section), with __DRBD_NODE__ set to the
# node's name. `drbdadm -d up all` must show each side's SN address and the
# resource's port. And a configuration drbdadm rejects is seen to be
# rejected, so the check can fail. Usage: drbd_render.sh ANVIL
# Exit 77 (skip) without root (namespaces) or drbd-utils.
set -eu
anvil=$1
drbdadm=/lib/drbd/drbdadm-83
[ "$(id -u)" -eq 0 ] || { echo "skip: needs root for network namespaces" >&2; exit 77; }
[ -x "$drbdadm" ] || { echo "skip: needs drbd-utils ($drbdadm)" >&2; exit 77; }
work=$(mktemp -d)
ns=anvil-drbd-$$
trap 'ip netns del "$ns" 2>/dev/null || true; rm -rf "$work"' EXIT
passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok - $*"; }
fail() { failed=$((failed + 1)); echo "FAIL - $*"; }
a() { "$anvil" --ledger "$work/ledger.db" "$@"; }

# as HOST ADDR CONF ARGS...: drbdadm as HOST, in a namespace owning ADDR.
as() {
  host=$1 addr=$2 conf=$3
  shift 3
  ip netns del "$ns" 2>/dev/null || true
  ip netns add "$ns"
  ip -n "$ns" link set lo up
  ip -n "$ns" addr add "$addr/32" dev lo
  (cd / && __DRBD_NODE__=$host ip netns exec "$ns" "$drbdadm" -c "$conf" "$@")
}

# check NAME SN1 SN2 PORTS...: render, then dump and `-d up` as each node.
check() {
  name=$1 sn1=$2 sn2=$3
  shift 3
  rm -rf "$work/out"
  a drbd render --out "$work/out" 2>/dev/null
  for side in 1 2; do
    if [ $side = 1 ]; then me=$sn1 peer=$sn2; else me=$sn2 peer=$sn1; fi
    host=an-node0$side.example.com
    if as "$host" "$me" "$work/out/drbd.conf" dump all >"$work/dump" 2>"$work/err"; then
      ok "$name: drbdadm-83 dump all as $host"
    else
      fail "$name: drbdadm-83 dump all as $host: $(grep -v -e PRETENDING -e __DRBD_NODE__ "$work/err" | tr '\n' ' ')"
    fi
    as "$host" "$me" "$work/out/drbd.conf" -d up all >"$work/up" 2>/dev/null || fail "$name: -d up all as $host"
    for port; do
      if grep -q "net ipv4:$me:$port ipv4:$peer:$port " "$work/up"; then
        ok "$name: $host replicates on $me:$port to $peer:$port"
      else
        fail "$name: $host: no 'net ipv4:$me:$port ipv4:$peer:$port' in: $(cat "$work/up")"
      fi
    done
  done
}

# 1. The seed: two resources, dual-primary, the seed's settings.
a ip-plan init >/dev/null 2>&1
a drbd add r0 --disk an-node01=/dev/sda5 --disk an-node02=/dev/sda5 >/dev/null
a drbd add r1 --disk an-node01=/dev/sdb1 --disk an-node02=/dev/sdc1 >/dev/null
check seed 10.10.0.1 10.10.0.2 7788 7789
if grep -q -- '--allow-two-primaries' "$work/up" && grep -q -- '--fencing=resource-and-stonith' "$work/up"; then
  ok "seed: dual-primary and resource-and-stonith reach drbdsetup"
else
  fail "seed: settings missing from: $(cat "$work/up")"
fi

# 2. Another SN, single-primary, every shared setting changed, a third resource.
for kv in sn.subnet=192.168.40.0/24 drbd.dual-primary=no drbd.protocol=A drbd.fencing=resource-only \
  drbd.fence-peer=/usr/lib/drbd/outdate-peer.sh drbd.after-sb-0pri=discard-least-changes \
  drbd.after-sb-1pri=consensus drbd.after-sb-2pri=violently-as0p drbd.rate=100M; do
  a ip-plan set "${kv%%=*}" "${kv#*=}" >/dev/null || fail "ip-plan set $kv"
done
a drbd add vm-store --disk an-node01=/dev/md3 --disk an-node02=/dev/md3 --port 7800 --minor 10 >/dev/null
check changed 192.168.40.1 192.168.40.2 7788 7789 7800
if grep -q -- '--allow-two-primaries' "$work/up" || ! grep -q -- ' A --' "$work/up" || ! grep -q -- '--rate=100M' "$work/up"; then
  fail "changed: settings not as planned: $(cat "$work/up")"
else
  ok "changed: single-primary, protocol A and rate 100M reach drbdsetup"
fi

# 3. The check can fail: configurations drbdadm itself rejects.
a drbd render --out "$work/out" 2>/dev/null
sed -i 's/rate 100M/rte 100M/' "$work/out/drbd.d/global_common.conf"
if as an-node01.example.com 192.168.40.1 "$work/out/drbd.conf" dump all >/dev/null 2>"$work/err"; then
  fail "a misspelt option passed drbdadm"
else
  ok "drbdadm rejects a misspelt option ($(grep -m1 'Parse error' "$work/err" | sed 's/^.*: Parse/Parse/'))"
fi
a drbd render --out "$work/out" 2>/dev/null
sed -i 's/:7789;/:7788;/' "$work/out/drbd.d/r1.res"
if as an-node01.example.com 192.168.40.1 "$work/out/drbd.conf" dump all >/dev/null 2>"$work/err"; then
  fail "two resources on one port passed drbdadm"
else
  ok "drbdadm rejects two resources on one address and port"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
