#!/bin/sh
# The README's demo: plan the seed's reference cluster in a scratch ledger,
# show it, and render every configuration it gives the nodes (network
# scripts, DRBD, cluster.conf checked against the RHCS schema, the guest's
# libvirt domain checked against libvirt's, lvm.conf and fstab). No node of
# that plan is contacted: its addresses (10.20.0.x, ...) are not on this
# machine's network.
#
# Then, as root, `anvil check` for real: two OpenSSH sshd "nodes" on
# 127.0.0.2:22 and 127.0.0.3:22 (tests/harness/sshd-nodes) and one simulated
# IPMI BMC each (tests/harness/ipmi-bmc, UDP 127.0.1.2/.3), planned in a
# second ledger whose node and BMC addresses are all on loopback; both are
# stopped when the demo ends, however it ends. Without root that part is
# skipped with one line.
#
# Usage: demo.sh ANVIL WORKDIR. The ledger of the seed's plan is
# $ANVIL_LEDGER (set by the `demo` build target), else WORKDIR/ledger.db.
set -eu
anvil=$1
work=$2
src=$(cd "$(dirname "$0")/.." && pwd)
sshd_nodes=$src/tests/harness/sshd-nodes
ipmi_bmc=$src/tests/harness/ipmi-bmc
chk=$work/check  # the check part: its ledger, nodes and BMCs
# A previous run that was killed may have left its nodes running.
sh "$sshd_nodes" stop "$chk/nodes" >/dev/null 2>&1 || true
sh "$ipmi_bmc" stop "$chk/bmcs" >/dev/null 2>&1 || true
rm -rf "$work"
mkdir -p "$work"
: "${ANVIL_LEDGER:=$work/ledger.db}"
export ANVIL_LEDGER
say() { printf '\n$ %s\n' "$*"; }

echo "== the seed's reference cluster: plan it and render its configuration (no node is contacted) =="

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
# The clustered storage on r0 and the guest's size and disk, so that every
# configuration can be rendered: the guest's libvirt domain, the storage's
# lvm.conf settings and fstab line.
say anvil storage add-vg an01-vg0 --drbd r0
"$anvil" storage add-vg an01-vg0 --drbd r0
say anvil storage gfs2 --size 40G
"$anvil" storage gfs2 --size 40G
say anvil vm add vm01-dev --ram 2G --vcpus 2 --disk-lv /dev/an01-vg0/vm01-dev --node an-node01
"$anvil" vm add vm01-dev --ram 2G --vcpus 2 --disk-lv /dev/an01-vg0/vm01-dev --node an-node01
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
say anvil vm render vm01-dev '>' "$work/vm01-dev.xml"
"$anvil" vm render vm01-dev >"$work/vm01-dev.xml"
if command -v virt-xml-validate >/dev/null 2>&1; then
  say virt-xml-validate "$work/vm01-dev.xml" domain
  virt-xml-validate "$work/vm01-dev.xml" domain
fi
say anvil storage render an-node01
"$anvil" storage render an-node01
say anvil history
"$anvil" history
printf "\nThe ledger of the seed's plan is %s; no node of it was contacted.\n" "$ANVIL_LEDGER"

# --- anvil check against two local sshd nodes ---------------------------------
printf '\n== anvil check: the main job against two local test nodes ==\n'
if [ "$(id -u)" -ne 0 ]; then
  echo "skipped: the check part starts sshd on 127.0.0.2:22 and 127.0.0.3:22, which needs root; run it with: sudo sh $0 $anvil /tmp/anvil-demo"
  exit 0
fi
case $chk in
  *[,:\ ]*)
    echo "skipped: the check part needs a work directory without ',', ':' or spaces (sshd-nodes puts it in mount options): $chk"
    exit 0
    ;;
esac
cleanup() {
  st=$?
  trap - EXIT INT TERM HUP
  sh "$ipmi_bmc" stop "$chk/bmcs" >/dev/null 2>&1 || true
  sh "$sshd_nodes" stop "$chk/nodes" || st=1
  exit $st
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP
mkdir -p "$chk"
ledger=$chk/ledger.db
lo() { "$anvil" --ledger "$ledger" "$@"; }  # the loopback plan only
echo "A second plan, in $ledger (every command below uses it with --ledger): its"
echo "nodes' BCN is 127.0.0.0/8, so anvil reaches an-node02 at 127.0.0.2 and an-node03"
echo "at 127.0.0.3, real sshds in their own mount namespaces (own /etc, /root) that"
echo "share this machine's network and programs; BMCs 127.0.1.2/.3 are ipmi_sim."

say "tests/harness/sshd-nodes start $chk/nodes 127.0.0.2 127.0.0.3"
st=0
sh "$sshd_nodes" start "$chk/nodes" 127.0.0.2 127.0.0.3 2>"$chk/sshd-nodes.err" || st=$?
if [ "$st" -eq 77 ]; then  # the harness's skip code: a tool is missing
  echo "skipped: the check part cannot start the test nodes here: $(sed -n 's/^skip: //p' "$chk/sshd-nodes.err")"
  exit 0
fi
if [ "$st" -ne 0 ] && grep -q 'Address already in use' "$chk/sshd-nodes.err"; then
  # Typically the machine's own sshd on 0.0.0.0:22, which blocks every
  # 127.0.0.x:22 (or a test run that has its nodes up right now).
  echo "skipped: port 22 of 127.0.0.2/.3 is taken (listening:" \
    "$(ss -Hltn 'sport = :22' 2>/dev/null | awk '{ print $4 }' | paste -sd ' ' -));" \
    "a machine sshd on 0.0.0.0:22 blocks the test nodes: give it a ListenAddress of its own, or run the demo in a container"
  exit 0
fi
if [ "$st" -ne 0 ]; then
  cat "$chk/sshd-nodes.err" >&2
  echo "demo: the test nodes did not start (above: why)" >&2
  exit 1
fi
sh "$sshd_nodes" status "$chk/nodes"
key=$chk/nodes/client/id_ed25519
known=$chk/nodes/client/known_hosts

say anvil ip-plan init --nodes an-node02,an-node03 --bcn 127.0.0.0/8
lo ip-plan init --nodes an-node02,an-node03 --bcn 127.0.0.0/8 --reason "demo: two sshd nodes on loopback" >/dev/null
lo ip-plan show --format hosts
echo "(anvil connects to the nodes' BCN addresses and, from the nodes, to the BMCs'; the SN"
echo " and IFN addresses are only compared with the addresses the nodes have)"
say anvil node set an-node02 --identity "$key" --known-hosts "$known"
for n in an-node02 an-node03; do lo node set "$n" --identity "$key" --known-hosts "$known" >/dev/null; done
echo "(and the same for an-node03)"
# Never let a node-touching command reach an address off loopback.
for a in $(lo node list --json | sed -n 's/^ *"host": "\(.*\)",*$/\1/p') \
  $(lo fence list --json | sed -n 's/^ *"address": "\(.*\)",*$/\1/p'); do
  case $a in
    127.*) ;;
    *) echo "demo: $a is not a loopback address; not contacting it" >&2; exit 1 ;;
  esac
done

say anvil drbd add r0 --disk an-node02=/dev/sda5 --disk an-node03=/dev/sda5
lo drbd add r0 --disk an-node02=/dev/sda5 --disk an-node03=/dev/sda5 >/dev/null
echo "(no DRBD and no libvirtd here: each node's ~/.ssh/environment sets ANVIL_DRBD_PROC to a"
echo " /proc/drbd of a healthy dual-primary r0, which anvil reads instead, and points virsh"
echo " at libvirt's test driver with no guests)"
node_state() {  # ADDR HOST CONNECTION DISKS [SYNC-LINES]: the node's /proc/drbd and environment
  h=$chk/nodes/nodes/$1/root-home
  oos=0
  [ -z "${5:-}" ] || oos=716800
  mkdir -p "$h/.ssh"
  printf '%s\n' ANVIL_DRBD_PROC=/root/proc-drbd LIBVIRT_DEFAULT_URI=test:///root/no-vms.xml >"$h/.ssh/environment"
  printf '<node>\n</node>\n' >"$h/no-vms.xml"
  printf '%s\n' "version: 8.3.16 (api:88/proto:86-97)" \
    "GIT-hash: a798fa7e274428a357657fb52f0ecf40192c1985 build by root@$2.example.com, 2014-11-24 14:51:37" \
    " 0: cs:$3 ro:Primary/Primary ds:$4 C r-----" \
    "    ns:0 nr:0 dw:0 dr:0 al:0 bm:0 lo:0 pe:0 ua:0 ap:0 ep:1 wo:f oos:$oos" >"$h/proc-drbd"
  [ -z "${5:-}" ] || printf '%s\n' "$5" >>"$h/proc-drbd"
}
node_state 127.0.0.2 an-node02 Connected UpToDate/UpToDate
node_state 127.0.0.3 an-node03 Connected UpToDate/UpToDate

bmc_password=demo-Pa55
bmcs=yes
for n in 2 3; do
  if ! sh "$ipmi_bmc" start "$chk/bmcs" "bmc$n" "1862$n" --addr "127.0.1.$n" --password "$bmc_password" >/dev/null 2>"$chk/bmc$n.err"; then
    echo "(no simulated BMC: $(tail -n 1 "$chk/bmc$n.err"); the fence findings below say so)"
    bmcs=
    break
  fi
done
if [ -n "$bmcs" ]; then
  say anvil fence set-device an-node02-ipmi --login admin --option ipport=18622 --option lanplus=1 --option cipher=3 --option power_timeout=5
  for n in 2 3; do
    lo fence set-device "an-node0$n-ipmi" --login admin --option "ipport=1862$n" --option lanplus=1 \
      --option cipher=3 --option power_timeout=5 >/dev/null
    echo "$bmc_password" | lo fence set-credentials "an-node0$n-ipmi" >/dev/null
  done
  echo "(and the same for an-node03-ipmi, port 18623; passwords from stdin: anvil fence set-credentials)"
fi

explain() {  # EXIT-CODE of anvil check
  case $1 in
    0) m="OK" ;;
    1) m="WARNING" ;;
    2) m="CRITICAL" ;;
    *) m="UNKNOWN" ;;
  esac
  echo "anvil check exited $1 ($m; monitoring codes 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN): expected here, these nodes have no bonds, bridges or cman"
}

say anvil check
rc=0
lo check || rc=$?
explain $rc

say anvil check --format nagios
rc=0
lo check --format nagios || rc=$?
explain $rc

printf '\n(an-node03 loses its disk and resyncs from an-node02: their /proc/drbd change)\n'
sync="	[=====>..............] sync'ed: 33.3% (699/1024)M
	finish: 0:00:35 speed: 20,224 (20,480) K/sec"
node_state 127.0.0.2 an-node02 SyncSource UpToDate/Inconsistent "$sync"
node_state 127.0.0.3 an-node03 SyncTarget Inconsistent/UpToDate "$sync"
say "anvil check --changes   # for cron: only what changed since the previous check"
rc=0
lo check --changes || rc=$?
echo "(exit $rc: the worst finding, not the change)"
say "anvil check --changes   # again: nothing changed, so no output and no mail"
rc=0
lo check --changes || rc=$?
echo "(exit $rc)"

say anvil history --limit 3
lo history --limit 3

say "tests/harness/sshd-nodes stop $chk/nodes   # also when the demo fails or is interrupted"
sh "$ipmi_bmc" stop "$chk/bmcs" >/dev/null 2>&1 || true
sh "$sshd_nodes" stop "$chk/nodes"
sh "$sshd_nodes" status "$chk/nodes"
