#!/bin/sh
# Self-test of `tests/harness/sshd-nodes start DIR --netns` and of
# tests/harness/netns-network-restart: two nodes in network namespaces behind
# socat forwarders; ssh to ADDR really travels to the node's BCN address
# 10.20.0.N (taking it away cuts the node off, putting it back reconnects it);
# the nodes reach each other over the switch's BCN, SN and IFN; the restart
# stand-in applies ifcfg files (a wrong IPADDR moves the node away; a
# malformed file changes nothing); stop ends the node's processes and deletes
# its namespaces (also after a crash); the mode is remembered and not mixed;
# the default mode still works. Exit 77 (skip) when not root or without
# ip/socat/nsenter. Usage: tests/harness/selftest-netns.sh [A.B.C]
# (nodes A.B.C.2 and A.B.C.3; default 127.0.0)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
h=$here/sshd-nodes
restart=$here/netns-network-restart
net=${1:-127.0.0}
a2=$net.2
a3=$net.3
[ "$(id -u)" -eq 0 ] || { echo "skip: needs root" >&2; exit 77; }
for t in ip socat nsenter setsid; do
  command -v "$t" >/dev/null || { echo "skip: needs $t" >&2; exit 77; }
done
top=$(mktemp -d)
dir=$top/n
other=$top/d
trap '"$h" stop "$dir" >/dev/null 2>&1 || true; "$h" stop "$other" >/dev/null 2>&1 || true
  "$h" stop "$top/x" >/dev/null 2>&1 || true; rm -rf "$top"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
passed=0
ok() { passed=$((passed + 1)); echo "ok - $*"; }
s() { timeout 20 ssh -F "$SSHD_NODES_SSH_CONFIG" "$@"; }
netns_names() { ip netns list | awk '{ print $1 }'; }
pid_of() {  # ADDR sshd|fwd -> PID from `status`
  "$h" status "$dir" | awk -v a="$1" -v k="$2" '$1 == a { print (k == "fwd" ? $4 : $3) }'
}
alive() {  # PID: a process, not a zombie (PID 1 may reap late, or never)
  st=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  [ "$(echo "${st##*) }" | cut -c1)" != Z ]
}
gone() {  # PID: no (live) process of this test's DIRs has it any more
  alive "$1" || return 0
  ! tr '\0' ' ' <"/proc/$1/cmdline" | grep -qF "$top/"
}
netinode() { stat -L -c %i "$1"; }
wait_unreachable() {  # ADDR SECONDS: ssh to ADDR fails within SECONDS
  t0=$(date +%s)
  if s "$1" true 2>/dev/null; then return 1; fi
  [ $(($(date +%s) - t0)) -le "$2" ]
}

# --- start, env, names -------------------------------------------------------
"$h" start "$dir" --netns "$a2" "$a3" || fail "start --netns"
ok "start --netns 2 nodes"
eval "$("$h" env "$dir")"
[ "$SSHD_NODES_ADDRS" = "$a2 $a3" ] || fail "env ADDRS: $SSHD_NODES_ADDRS"
[ "$SSHD_NODES_NETNS" = 1 ] || fail "env NETNS: $SSHD_NODES_NETNS"
ns2=$("$h" netns "$dir" "$a2")
ns3=$("$h" netns "$dir" "$a3")
sw=$("$h" netns "$dir")
tag=$(cat "$dir/netns")
[ "$ns2 $ns3 $sw" = "anvil-$tag-n2 anvil-$tag-n3 anvil-$tag-sw" ] || fail "names: $ns2 $ns3 $sw"
for n in "$ns2" "$ns3" "$sw"; do
  netns_names | grep -qx "$n" || fail "no namespace $n: $(netns_names | tr '\n' ' ')"
done
ok "env NETNS=1, namespaces $ns2 $ns3 $sw"

# --- processes in the right namespaces -----------------------------------------
sshd2=$(pid_of "$a2" sshd)
fwd2=$(pid_of "$a2" fwd)
sshd3=$(pid_of "$a3" sshd)
fwd3=$(pid_of "$a3" fwd)
for p in "$sshd2" "$fwd2" "$sshd3" "$fwd3"; do
  [ -n "$p" ] || fail "status: $("$h" status "$dir")"
done
grep -qx "$fwd2 $a2 fwd" "$dir/pids" || fail "forwarder not in pids: $(cat "$dir/pids")"
[ "$(netinode "/proc/$sshd2/ns/net")" = "$(netinode "/run/netns/$ns2")" ] ||
  fail "sshd of $a2 not in $ns2"
[ "$(netinode "/proc/$fwd2/ns/net")" = "$(netinode /proc/self/ns/net)" ] ||
  fail "forwarder of $a2 not in the machine's namespace"
ok "sshd in the node's namespace, forwarder in the machine's"

# --- ssh through ADDR lands in the node's namespace ----------------------------
# shellcheck disable=SC2016  # $SSH_CONNECTION is the node's
out=$(s "$a2" 'ip -o -4 addr show dev vbr0; ls /sys/class/net/vbr0/brif; ls /sys/class/net/vbr2/brif
  ip -o -4 addr show dev bond1; ip -o -4 addr show dev vbr2; echo "$SSH_CONNECTION"') ||
  fail "ssh $a2"
echo "$out" | grep -q ' vbr0 *inet 10\.20\.0\.2/16 ' || fail "vbr0: $out"
echo "$out" | grep -qx 'bond0' || fail "vbr0's ports: $out"
echo "$out" | grep -qx 'bond2' || fail "vbr2's ports: $out"
echo "$out" | grep -q ' bond1 *inet 10\.10\.0\.2/16 ' || fail "bond1: $out"
echo "$out" | grep -q ' vbr2 *inet 10\.255\.0\.2/16 ' || fail "vbr2: $out"
echo "$out" | grep -qx '10\.20\.255\.254 [0-9]* 10\.20\.0\.2 22' || fail "SSH_CONNECTION: $out"
ok "ssh $a2: vbr0 10.20.0.2/16 over bond0, bond1 10.10.0.2/16, vbr2 10.255.0.2/16 over bond2, from 10.20.255.254"
out=$(s "$a3" 'ip -o -4 addr show dev vbr0') || fail "ssh $a3"
echo "$out" | grep -q ' vbr0 *inet 10\.20\.0\.3/16 ' || fail "vbr0 of $a3: $out"
ok "ssh $a3: vbr0 10.20.0.3/16"
for peer in 10.20.0.3 10.10.0.3 10.255.0.3; do
  out=$(s "$a2" "ssh -F $SSHD_NODES_SSH_CONFIG -o HostKeyAlias=$a3 $peer 'echo \$SSH_CONNECTION'") ||
    fail "node 2 -> $peer"
  case $out in *" $peer 22") ;; *) fail "node 2 -> $peer: $out" ;; esac
done
ok "node 2 reaches node 3 over the switch's BCN, SN and IFN"

# --- taking 10.20.0.2 away cuts node 2 off; putting it back reconnects it ----
s "$a2" "setsid -f sh -c 'sleep 1; ip addr flush dev vbr0' </dev/null >/dev/null 2>&1" ||
  fail "detached flush"
sleep 2
wait_unreachable "$a2" 8 || fail "$a2 still reachable (or slow to fail) without 10.20.0.2"
s "$a3" true || fail "$a3 cut off too"
ok "flush of vbr0 on node 2: ssh $a2 fails within 8 s; $a3 unaffected"
ip -n "$ns2" addr add 10.20.0.2/16 dev vbr0
[ "$(s "$a2" echo back)" = back ] || fail "$a2 unreachable after restoring 10.20.0.2"
ok "ip -n $ns2 addr add 10.20.0.2/16 dev vbr0: ssh $a2 works again"
ip -n "$ns2" link set dev bond0 down
wait_unreachable "$a2" 8 || fail "$a2 reachable with bond0 down"
ip -n "$ns2" link set dev bond0 up
[ "$(s "$a2" echo back)" = back ] || fail "$a2 unreachable after bond0 up"
ok "bond0 down: unreachable; up: reachable"

# --- netns-network-restart ------------------------------------------------------
ifcfg() {  # N: the seed's el6 files of node N (as anvil writes them)
  cat <<EOF
==> ifcfg-eth0
DEVICE="eth0"
NM_CONTROLLED="no"
BOOTPROTO="none"
ONBOOT="yes"
MASTER="bond0"
SLAVE="yes"
==> ifcfg-bond0
DEVICE="bond0"
NM_CONTROLLED="no"
BOOTPROTO="none"
ONBOOT="yes"
BONDING_OPTS="mode=1 miimon=100 use_carrier=1 updelay=120000 downdelay=0 primary=eth0"
BRIDGE="vbr0"
==> ifcfg-bond1
DEVICE="bond1"
NM_CONTROLLED="no"
BOOTPROTO="none"
ONBOOT="yes"
BONDING_OPTS="mode=1 miimon=100 use_carrier=1 updelay=120000 downdelay=0 primary=eth1"
IPADDR="10.10.0.$1"
NETMASK="255.255.0.0"
==> ifcfg-bond2
DEVICE="bond2"
NM_CONTROLLED="no"
BOOTPROTO="none"
ONBOOT="yes"
BONDING_OPTS="mode=1 miimon=100 use_carrier=1 updelay=120000 downdelay=0 primary=eth2"
BRIDGE="vbr2"
==> ifcfg-vbr0
# BCN bridge, over bond0
DEVICE="vbr0"
TYPE="Bridge"
NM_CONTROLLED="no"
BOOTPROTO="none"
ONBOOT="yes"
IPADDR="10.20.0.$1"
NETMASK="255.255.0.0"
DELAY="0"
==> ifcfg-vbr2
DEVICE="vbr2"
TYPE="Bridge"
NM_CONTROLLED="no"
BOOTPROTO="none"
ONBOOT="yes"
IPADDR="10.255.0.$1"
NETMASK="255.255.0.0"
GATEWAY="10.255.255.254"
DEFROUTE="yes"
DNS1="10.255.255.254"
DELAY="0"
EOF
}
# shellcheck disable=SC2016  # $f, $0 are the node's
ifcfg 2 | s "$a2" 'd=/etc/sysconfig/network-scripts; mkdir -p $d &&
  awk -v d=$d '\''/^==> / { f = d "/" $2; printf "" > f; next } { print > f }'\''' ||
  fail "writing ifcfg files on $a2"
[ -f "$dir/nodes/$a2/etc-upper/sysconfig/network-scripts/ifcfg-vbr0" ] || fail "ifcfg not in etc-upper"
out=$(s "$a2" "$restart && echo restarted && ip -o -4 addr show dev vbr0 && ip route show default") ||
  fail "netns-network-restart on $a2 (same addresses): $out"
echo "$out" | grep -qx restarted || fail "restart: $out"
echo "$out" | grep -q ' vbr0 *inet 10\.20\.0\.2/16 ' || fail "restart lost 10.20.0.2: $out"
echo "$out" | grep -q '^default via 10\.255\.255\.254 dev vbr2' || fail "restart, GATEWAY: $out"
ok "netns-network-restart on $a2 with its own files: exit 0, same addresses, the session survives"

s "$a2" "sed -i 's/^IPADDR=\"10.20.0.2\"/IPADDR=\"10.20.0.99\"/' /etc/sysconfig/network-scripts/ifcfg-vbr0 &&
  setsid -f sh -c 'sleep 1; $restart >/root/restart.log 2>&1; echo \$? >>/root/restart.log' </dev/null >/dev/null 2>&1" ||
  fail "detached restart with a wrong IPADDR"
sleep 2
wait_unreachable "$a2" 8 || fail "$a2 still reachable with IPADDR 10.20.0.99"
out=$(ip -n "$ns2" -o -4 addr show dev vbr0)
echo "$out" | grep -q ' inet 10\.20\.0\.99/16 ' || fail "vbr0 after the restart: $out"
echo "$out" | grep -q ' 10\.20\.0\.2/' && fail "10.20.0.2 still on vbr0: $out"
[ "$(cat "$dir/nodes/$a2/root-home/restart.log")" = 0 ] ||
  fail "restart.log: $(cat "$dir/nodes/$a2/root-home/restart.log")"
out=$(s "$a3" "ssh -F $SSHD_NODES_SSH_CONFIG -o HostKeyAlias=$a2 10.20.0.99 'ip -o -4 addr show dev vbr0'") ||
  fail "node 3 -> 10.20.0.99"
echo "$out" | grep -q ' inet 10\.20\.0\.99/16 ' || fail "node 3 -> 10.20.0.99: $out"
ok "ifcfg-vbr0 with IPADDR 10.20.0.99 + restart: address moved, ssh $a2 fails, node 3 reaches it at 10.20.0.99"

# Back, "on the node" from the machine: nsenter into sshd's mount and net namespaces.
nsenter -t "$sshd2" -m -n sh -c "sed -i 's/^IPADDR=\"10.20.0.99\"/IPADDR=\"10.20.0.2\"/' \
  /etc/sysconfig/network-scripts/ifcfg-vbr0 && $restart" || fail "restart back"
[ "$(s "$a2" echo back)" = back ] || fail "$a2 unreachable after the restart back"
ok "fixed ifcfg-vbr0 + restart (nsenter -t sshd -m -n): ssh $a2 works again"

mkdir "$top/bad"
ifcfg 2 | awk -v d="$top/bad" '/^==> / { f = d "/" $2; printf "" > f; next } { print > f }'
sed -i 's/^IPADDR="10.20.0.2"/IPADDR="10.20.0.300"/' "$top/bad/ifcfg-vbr0"
if err=$(NETWORK_SCRIPTS=$top/bad nsenter --net="/run/netns/$ns2" "$restart" 2>&1); then
  fail "restart accepted IPADDR 10.20.0.300"
fi
echo "$err" | grep -q 'IPADDR is not a dotted quad: 10.20.0.300' || fail "restart's message: $err"
ip -n "$ns2" -o -4 addr show dev vbr0 | grep -q ' inet 10\.20\.0\.2/16 ' || fail "bad file changed vbr0"
[ "$(s "$a2" echo still)" = still ] || fail "bad file cut $a2 off"
ok "malformed ifcfg (NETWORK_SCRIPTS): exit 1, '$err', nothing changed"

rm -f "$top"/bad/*
printf 'DEVICE=bond1\nIPADDR=10.10.0.3\nNETMASK=255.255.255.0\n' >"$top/bad/ifcfg-bond1"
printf "DEVICE='vbr2'\nIPADDR=10.255.0.3\nPREFIX=24\n" >"$top/bad/ifcfg-vbr2"
NETWORK_SCRIPTS=$top/bad nsenter --net="/run/netns/$ns3" "$restart" || fail "restart of bond1/vbr2 on node 3"
ip -n "$ns3" -o -4 addr show dev bond1 | grep -q ' inet 10\.10\.0\.3/24 ' || fail "NETMASK -> /24"
ip -n "$ns3" -o -4 addr show dev vbr2 | grep -q ' inet 10\.255\.0\.3/24 ' || fail "PREFIX 24"
ok "NETMASK 255.255.255.0 and PREFIX=24 give /24"

# --- stop one node, restart it (mode remembered) -------------------------------
s "$a2" "setsid -f sh -c 'echo \$\$ >/root/bg.pid; exec sleep 1000' </dev/null >/dev/null 2>&1"
sleep 0.3
bg=$(cat "$dir/nodes/$a2/root-home/bg.pid")
alive "$bg" || fail "background process on $a2 not running"
"$h" stop "$dir" "$a2"
for p in "$sshd2" "$fwd2"; do gone "$p" || fail "process $p of $a2 survived stop"; done
! alive "$bg" || fail "background process $bg of $a2 survived stop: $(cat "/proc/$bg/stat")"
netns_names | grep -qx "$ns2" && fail "$ns2 left after stop"
netns_names | grep -qx "$sw" || fail "switch deleted while $a3 runs"
[ "$("$h" env "$dir" | sed -n 's/^SSHD_NODES_ADDRS=//p')" = "'$a3'" ] || fail "env after stop $a2"
s "$a2" true 2>/dev/null && fail "$a2 answers after stop"
s "$a3" true || fail "$a3 down after stop $a2"
ok "stop $a2: its sshd, forwarder, a process it started and $ns2 are gone; switch and $a3 stay"
"$h" start "$dir" "$a2" || fail "restart $a2 (no --netns)"
netns_names | grep -qx "$ns2" || fail "restart without --netns did not use $ns2"
out=$(s "$a2" 'cat /etc/sysconfig/network-scripts/ifcfg-vbr0; ip -o -4 addr show dev vbr0') ||
  fail "ssh $a2 after restart (host key?)"
echo "$out" | grep -q '^IPADDR="10.20.0.2"' || fail "restart lost /etc: $out"
echo "$out" | grep -q ' vbr0 *inet 10\.20\.0\.2/16 ' || fail "vbr0 after restart: $out"
ok "start $a2 again without --netns: netns mode, same host key, /etc kept"

# --- crash: processes killed, a stale namespace; stop cleans up -----------------
kill -KILL "$(pid_of "$a3" sshd)" "$(pid_of "$a3" fwd)"
sleep 0.2
"$h" status "$dir" | grep -qx "$a3 stopped - -" || fail "status after kill: $("$h" status "$dir")"
"$h" start "$dir" "$a3" || fail "start after a crash of $a3"
[ "$(s "$a3" echo up)" = up ] || fail "$a3 after crash + start"
ok "sshd+forwarder of $a3 killed: status stopped, start brings it back"
sshd2=$(pid_of "$a2" sshd)
fwd2=$(pid_of "$a2" fwd)
sshd3=$(pid_of "$a3" sshd)
fwd3=$(pid_of "$a3" fwd)
kill -KILL "$sshd2" "$fwd2" "$sshd3" "$fwd3"
ip netns add "anvil-$tag-n9"
"$h" stop "$dir"
left=$(netns_names | grep "^anvil-$tag-" || true)
[ -z "$left" ] || fail "namespaces left after stop: $left"
"$h" stop "$dir"
[ ! -s "$dir/pids" ] || fail "pids left: $(cat "$dir/pids")"
for p in "$sshd2" "$fwd2" "$sshd3" "$fwd3"; do gone "$p" || fail "process $p left"; done
s "$a3" true 2>/dev/null && fail "$a3 answers after stop"
ok "all killed + a stale anvil-$tag-n9: stop deletes every namespace of DIR; stop twice"

"$h" start "$dir" "$a2" "$a3" || fail "start after stop"
sshd2=$(pid_of "$a2" sshd)
fwd3=$(pid_of "$a3" fwd)
"$h" stop "$dir"
"$h" stop "$dir"
left=$(netns_names | grep "^anvil-$tag-" || true)
[ -z "$left" ] || fail "namespaces left after stop: $left"
for p in "$sshd2" "$fwd3"; do gone "$p" || fail "process $p left after stop"; done
ok "start again, stop twice: no namespaces, no processes"

# --- one mode per DIR; default mode ---------------------------------------------
x=$top/x
twin=127.254.254.2
[ "$twin" != "$a2" ] || twin=127.254.253.2
if err=$("$h" start "$x" --netns "$a2" "$twin" 2>&1); then fail "same last octet accepted"; fi
echo "$err" | grep -q 'same last octet' || fail "message: $err"
[ ! -e "$x/netns" ] || fail "refused start left $x/netns"
"$h" start "$other" "$a2" || fail "default-mode start"
eval "$("$h" env "$other")"
[ "$SSHD_NODES_NETNS" = 0 ] || fail "env NETNS of a default DIR: $SSHD_NODES_NETNS"
# shellcheck disable=SC2016  # $SSH_CONNECTION is the node's
out=$(s "$a2" 'echo "$SSH_CONNECTION"') || fail "default-mode ssh"
case $out in *" $a2 22") ;; *) fail "default-mode SSH_CONNECTION: $out" ;; esac
if err=$("$h" start "$other" --netns "$a2" 2>&1); then fail "--netns accepted in a default DIR"; fi
echo "$err" | grep -q 'without --netns' || fail "mixing message: $err"
if "$h" netns "$other" "$a2" 2>/dev/null; then fail "netns of a default DIR"; fi
"$h" stop "$other"
[ ! -e "$other/netns" ] || fail "default DIR got a netns file"
ok "refused: two ADDRs with one last octet; --netns in a DIR of the default mode ('$err'); default mode: NETNS=0, ssh to $a2 direct"
echo "$passed passed, 0 failed"
