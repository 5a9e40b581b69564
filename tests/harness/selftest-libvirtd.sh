#!/bin/sh
# Self-test of tests/harness/libvirtd-nodes: two libvirtd nodes; neither
# loads the machine's libvirt configuration (no networks), each has its own
# host UUID and answers on its unix socket too; start is idempotent; the
# small guest of `guest-xml` is valid, starts on node 2 and live-migrates to
# node 3 (running there, not on node 2, its qemu moved), and back; stopping
# a node ends its guest; a restart is fast (cached capabilities); stop ends
# every process the nodes had (checked by their PIDs) and is idempotent.
# Prints the timings. Exit 77 (skip) when not root or without libvirtd,
# virsh, qemu or perl. Usage: tests/harness/selftest-libvirtd.sh [A.B.C]
# (nodes A.B.C.2 and A.B.C.3; default 127.0.0)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
h=$here/libvirtd-nodes
net=${1:-127.0.0}
a2=$net.2
a3=$net.3
[ "$(id -u)" -eq 0 ] || { echo "skip: needs root" >&2; exit 77; }
for t in /usr/sbin/libvirtd virsh qemu-system-x86_64 unshare perl; do
  command -v "$t" >/dev/null || { echo "skip: needs $t" >&2; exit 77; }
done
dir=$(mktemp -d)
# On any exit (a failure too): stop what the nodes run, then remove DIR.
trap '"$h" stop "$dir/netns-nodes" >/dev/null 2>&1 || true; "$h" stop "$dir" >/dev/null 2>&1 || true; rm -rf "$dir"' EXIT
trap 'exit 130' INT TERM  # through the EXIT trap
fail() {
  echo "FAIL: $*" >&2
  for lg in "$dir"/*/log; do  # what the daemons said, for the CI log
    [ -s "$lg" ] || continue
    echo "--- $lg (tail)" >&2
    tail -n 10 "$lg" >&2
  done
  exit 1
}
passed=0
ok() { passed=$((passed + 1)); echo "ok - $*"; }

now_ms() { echo $(($(date +%s%N) / 1000000)); }
v() {  # ADDR VIRSH-ARGS...: virsh against node ADDR (bounded: never hangs)
  va=$1
  shift
  timeout 60 virsh -q -c "qemu+tcp://$va/system" "$@"
}
is_gone() { ! [ -d "/proc/$1" ] || grep -q '^State:.*Z' "/proc/$1/status" 2>/dev/null; }
qemu_pids() {  # ADDR: PIDs of the node's qemu processes (from `procs`)
  "$h" procs "$dir" "$1" | awk '$3 ~ /^qemu/ { print $1 }'
}
running_on() {  # ADDR NAME: the guest runs on node ADDR (libvirt's view)
  v "$1" list --name | grep -qx "$2"
}

t0=$(now_ms)
"$h" start "$dir" "$a2" "$a3" || fail "start"
start_ms=$(($(now_ms) - t0))
st=$("$h" status "$dir")
echo "$st" | grep -q "^$a2 running [0-9][0-9]*\$" || fail "status: $st"
echo "$st" | grep -q "^$a3 running [0-9][0-9]*\$" || fail "status: $st"
pid2=$(echo "$st" | awk -v a="$a2" '$1 == a { print $3 }')
pid3=$(echo "$st" | awk -v a="$a3" '$1 == a { print $3 }')
[ "$(cat "$dir/$a2/pid")" = "$pid2" ] || fail "$dir/$a2/pid is not $pid2"
grep -qx "$pid3 $a3" "$dir/pids" || fail "$dir/pids: $(cat "$dir/pids")"
r2=$(cat "$dir/$a2/reaper.pid")
r3=$(cat "$dir/$a3/reaper.pid")
[ "$("$h" procs "$dir" | sort -n | tr '\n' ,)" = "$(printf '%s\n' "$r2 $a2 perl" "$pid2 $a2 libvirtd" "$r3 $a3 perl" "$pid3 $a3 libvirtd" | sort -n | tr '\n' ,)" ] ||
  fail "procs: $("$h" procs "$dir")"
ok "start 2 nodes in ${start_ms} ms, status, pid files, procs"

"$h" start "$dir" "$a2" "$a3" || fail "second start"
[ "$("$h" status "$dir")" = "$st" ] || fail "second start restarted a node: $("$h" status "$dir")"
ok "start is idempotent"

for a in "$a2" "$a3"; do
  nets=$(v "$a" net-list --all --name) || fail "net-list on $a"
  [ -z "$nets" ] || fail "node $a has networks (the machine's config?): $nets"
  doms=$(v "$a" list --all --name) || fail "list on $a"
  [ -z "$doms" ] || fail "node $a has guests already: $doms"
done
u2=$(v "$a2" capabilities | sed -n 's|^ *<uuid>\(.*\)</uuid>|\1|p' | head -n 1)
u3=$(v "$a3" capabilities | sed -n 's|^ *<uuid>\(.*\)</uuid>|\1|p' | head -n 1)
{ [ -n "$u2" ] && [ "$u2" != "$u3" ]; } || fail "host UUIDs: '$u2' '$u3'"
sock=$dir/$a2/run/libvirt/libvirt-sock
if [ ${#sock} -lt 100 ]; then
  [ "$(timeout 60 virsh -c "qemu+unix:///system?socket=$sock" uri)" = "qemu+unix:///system?socket=$sock" ] ||
    fail "unix socket $sock"
fi
ok "no networks, no guests, host UUIDs $u2 / $u3, unix socket"

name=lvn-selftest
"$h" guest-xml "$name" >"$dir/guest.xml" || fail "guest-xml"
type=$(sed -n "s/^<domain type='\([a-z]*\)'>\$/\1/p" "$dir/guest.xml")
if command -v virt-xml-validate >/dev/null; then
  out=$(virt-xml-validate "$dir/guest.xml" domain 2>&1) || fail "guest-xml does not validate: $out"
fi
"$h" guest-xml "$name" 0 >/dev/null 2>&1 && fail "guest-xml took 0 MiB"
"$h" guest-xml 'a b' >/dev/null 2>&1 && fail "guest-xml took the name 'a b'"
ok "guest-xml (type $type)"

v "$a2" define "$dir/guest.xml" >/dev/null || fail "define on $a2"
t0=$(now_ms)
v "$a2" start "$name" >/dev/null || fail "start the guest on $a2: $(tail -n 5 "$dir/$a2/var-log-libvirt/qemu/$name.log")"
boot_ms=$(($(now_ms) - t0))
running_on "$a2" "$name" || fail "guest not running on $a2"
q2=$(qemu_pids "$a2")
[ -n "$q2" ] || fail "no qemu on $a2: $("$h" procs "$dir")"
[ "$(cat "$dir/$a2/run/libvirt/qemu/$name.pid")" = "$q2" ] ||
  fail "qemu $q2 is not run/libvirt/qemu/$name.pid"
[ -z "$(qemu_pids "$a3")" ] || fail "qemu on $a3 already"
ok "guest started on $a2 in ${boot_ms} ms (qemu $q2)"

t0=$(now_ms)
v "$a2" migrate --live "$name" "qemu+tcp://$a3/system" ||
  fail "migrate $a2 -> $a3: $(tail -n 5 "$dir/$a3/var-log-libvirt/qemu/$name.log" 2>/dev/null)"
mig_ms=$(($(now_ms) - t0))
running_on "$a3" "$name" || fail "guest not running on $a3 after migration"
[ "$(v "$a3" domstate "$name")" = running ] || fail "domstate on $a3: $(v "$a3" domstate "$name")"
running_on "$a2" "$name" && fail "guest still running on $a2 after migration"
[ "$(v "$a2" domstate "$name")" = "shut off" ] || fail "domstate on $a2: $(v "$a2" domstate "$name")"
is_gone "$q2" || fail "qemu $q2 still runs on $a2"
q3=$(qemu_pids "$a3")
[ -n "$q3" ] || fail "no qemu on $a3: $("$h" procs "$dir")"
[ -z "$(qemu_pids "$a2")" ] || fail "qemu left on $a2: $("$h" procs "$dir" "$a2")"
grep -q -- "-incoming defer" "$dir/$a3/var-log-libvirt/qemu/$name.log" ||
  fail "the guest on $a3 did not come in by migration"
ok "live migration $a2 -> $a3 in ${mig_ms} ms (qemu $q3)"

t0=$(now_ms)
v "$a3" migrate --live "$name" "qemu+tcp://$a2/system" || fail "migrate $a3 -> $a2"
back_ms=$(($(now_ms) - t0))
running_on "$a2" "$name" || fail "guest not running on $a2 after migrating back"
running_on "$a3" "$name" && fail "guest still running on $a3 after migrating back"
is_gone "$q3" || fail "qemu $q3 still runs on $a3"
q2=$(qemu_pids "$a2")
[ -n "$q2" ] || fail "no qemu on $a2 after migrating back"
v "$a2" migrate --live "$name" "qemu+tcp://$a3/system" || fail "migrate $a2 -> $a3 again"
q3=$(qemu_pids "$a3")
[ -n "$q3" ] || fail "no qemu on $a3 after the third migration"
ok "migration back $a3 -> $a2 in ${back_ms} ms, and again to $a3"

# Stopping node 3 ends its guest too (libvirtd alone would leave it running).
"$h" stop "$dir" "$a3"
is_gone "$pid3" || fail "libvirtd $pid3 ($a3) still runs"
is_gone "$r3" || fail "reaper $r3 ($a3) still runs"
is_gone "$q3" || fail "qemu $q3 ($a3) still runs after stop"
[ -z "$("$h" procs "$dir" "$a3")" ] || fail "processes of $a3 left: $("$h" procs "$dir" "$a3")"
"$h" status "$dir" | grep -q "^$a3 stopped -\$" || fail "status after stop: $("$h" status "$dir")"
grep -q " $a3\$" "$dir/pids" && fail "$a3 still in $dir/pids"
running_on "$a2" "$name" && fail "guest runs on $a2"
ok "stop one node: its libvirtd and its guest's qemu are gone"

t0=$(now_ms)
"$h" start "$dir" "$a3" || fail "restart $a3"
restart_ms=$(($(now_ms) - t0))
pid3=$(cat "$dir/$a3/pid")
r3=$(cat "$dir/$a3/reaper.pid")
[ -z "$(v "$a3" list --name)" ] || fail "guest on the restarted $a3: $(v "$a3" list --name)"
v "$a2" start "$name" >/dev/null || fail "start the guest on $a2 again"
q2=$(qemu_pids "$a2")
ok "restart $a3 in ${restart_ms} ms (cached capabilities), no guest there"

"$h" stop "$dir"
"$h" stop "$dir"
"$h" stop "$dir" "$a2" "$a3"
for p in $pid2 $pid3 $q2 $r2 $r3; do
  is_gone "$p" || fail "process $p still runs after stop: $(tr '\0' ' ' <"/proc/$p/cmdline")"
done
[ ! -s "$dir/pids" ] || fail "pids left: $(cat "$dir/pids")"
[ ! -e "$dir/$a2/pid" ] || fail "$dir/$a2/pid left"
[ -z "$("$h" procs "$dir")" ] || fail "processes left: $("$h" procs "$dir")"
[ "$("$h" status "$dir" | tr '\n' ,)" = "$a2 stopped -,$a3 stopped -," ] ||
  fail "status after stop: $("$h" status "$dir")"
v "$a2" uri >/dev/null 2>&1 && fail "$a2 still answers after stop"
[ ! -e "$dir/$a3/reaper.pid" ] || fail "$dir/$a3/reaper.pid left"
ok "stop three times: libvirtds $pid2 $pid3, reapers $r2 $r3 and qemu $q2 are gone"

# --netns: both nodes in one network namespace of their own, with the
# bridge vbr2, reached through their unix sockets; stop removes it.
ndir=$dir/netns-nodes
"$h" start "$ndir" --netns "$a2" "$a3" || fail "start --netns"
ns=$(cat "$ndir/netns")
ip netns list | awk '{ print $1 }' | grep -qx "$ns" || fail "no namespace $ns"
ip -n "$ns" -d link show vbr2 | grep -q bridge || fail "no bridge vbr2 in $ns"
ip link show vbr2 >/dev/null 2>&1 && fail "vbr2 appeared in this machine's namespace"
u2=$("$h" uri "$ndir" "$a2")
u3=$("$h" uri "$ndir" "$a3")
case $u2 in qemu+unix:///system\?socket=*) ;; *) fail "uri of $a2: $u2" ;; esac
"$h" guest-xml nic-guest | sed 's|</devices>|<interface type="bridge"><source bridge="vbr2"/><model type="virtio"/></interface></devices>|' >"$dir/nic.xml"
timeout 60 virsh -c "$u2" define "$dir/nic.xml" >/dev/null || fail "define a guest with a NIC on vbr2 ($u2)"
timeout 60 virsh -c "$u2" start nic-guest >/dev/null || fail "start the guest with a NIC on vbr2"
timeout 60 virsh -c "$u2" migrate --live --persistent --undefinesource nic-guest "$u3" || fail "migrate the NIC guest to $a3"
timeout 60 virsh -c "$u3" list --name | grep -qx nic-guest || fail "the NIC guest does not run on $a3"
ok "--netns: guest with a NIC on vbr2 starts and live-migrates over the unix sockets"
"$h" stop "$ndir"
ip netns list | awk '{ print $1 }' | grep -qx "$ns" && fail "namespace $ns left after stop"
[ -z "$("$h" procs "$ndir")" ] || fail "processes left: $("$h" procs "$ndir")"
ok "--netns: stop ends the nodes and removes the namespace"

echo "timings: start ${start_ms} ms (2 nodes), guest start ${boot_ms} ms," \
  "migration ${mig_ms} ms (back ${back_ms} ms), restart ${restart_ms} ms; guest type $type"
echo "$passed passed, 0 failed"
