#!/bin/sh
# Start-up and completion latency of anvil next to the tools people use for
# the same jobs on Pacemaker clusters (pcs, crm from crmsh) and for fleets
# (ansible), all measured in one run, the same way as bench/latency.sh: a
# shell loop of R runs per command, wall time from `date +%s%N` around each
# run, output thrown away; the loop's own cost is the /bin/true row.
#
# Usage: bench/compare.sh
# Env:   BENCH_RUNS=R   runs per command (default 30)
#        ANVIL=PATH     anvil binary (default build-static/anvil; not built
#                       here: `cmake --build build-static` first)
# Needs: apt-get install --no-install-recommends pcs crmsh ansible
#        python3-argcomplete   (ansible's TAB completion; optional)
#
# Prints one table: per comparable job, each tool's command, the mean and
# the fastest run in ms, and the mean as a multiple of anvil's for that job.
# Ratios are of raw means, loop cost included: for anvil's few-ms rows they
# understate the gap (subtract the /bin/true row for what the tool costs).
# A tool that is missing, fails, or prints something other than the answer
# shows "n/a (reason)", so it cannot look fast by failing. Exit 0, or 1 when
# an anvil row fails, 77 when there is no anvil binary. Figures are for
# people to read, not for tests to assert.
#
# Nothing here reaches a network or a cluster: every tool reads files made
# under a temporary directory (a CIB and corosync.conf for pcs and crm, an
# inventory for ansible, a ledger for anvil), with HOME pointed there too so
# no one's ~/.ansible, ~/.config/crm or ansible.cfg changes the figures.
# (Checked with strace: no connect() but to absent local sockets such as
# nscd's, and crm's help reads interfaces through netlink via `ip a`.)
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
runs=${BENCH_RUNS:-30}
case $runs in '' | *[!0-9]* | 0) echo "compare: BENCH_RUNS must be a positive number: $runs" >&2; exit 2 ;; esac
anvil=${ANVIL:-$top/build-static/anvil}
case $anvil in /*) ;; *) anvil=$(pwd)/$anvil ;; esac
if [ ! -f "$anvil" ] || [ ! -x "$anvil" ]; then
  echo "skip: $anvil is not built (cmake -S . -B build-static ... && cmake --build build-static)" >&2
  exit 77
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Isolate every tool from the caller's configuration and caches, and keep
# what they write (crm's history, ansible's tmp) inside $work.
export HOME="$work/home" XDG_CONFIG_HOME="$work/home/.config" \
  XDG_CACHE_HOME="$work/home/.cache" XDG_STATE_HOME="$work/home/.local/state"
unset ANSIBLE_CONFIG ANSIBLE_INVENTORY 2>/dev/null || true
mkdir -p "$HOME"
# ansible reads ./ansible.cfg: run from a directory that has none.
cd "$work"

# --- the same small cluster, as each tool keeps it -------------------------
# anvil: the reference plan (two nodes, their IPMI BMCs) plus 8 VMs, as
# bench/latency.sh makes it.
export ANVIL_LEDGER="$work/ledger.db"
# Pacemaker tools read this file instead of asking a running CIB manager:
# crm honours CIB_file, pcs takes -f. Two nodes, an IPMI fence device per
# node and the same 8 VMs as VirtualDomain resources.
export CIB_file="$work/cib.xml"
{
  cat <<'EOF'
<cib crm_feature_set="3.16.2" validate-with="pacemaker-3.9" epoch="1" num_updates="0" admin_epoch="0">
  <configuration>
    <crm_config>
      <cluster_property_set id="cib-bootstrap-options">
        <nvpair id="opt-stonith" name="stonith-enabled" value="true"/>
        <nvpair id="opt-name" name="cluster-name" value="an-cluster-01"/>
      </cluster_property_set>
    </crm_config>
    <nodes>
      <node id="1" uname="an-node01"/>
      <node id="2" uname="an-node02"/>
    </nodes>
    <resources>
EOF
  for n in 1 2; do
    cat <<EOF
      <primitive id="fence-an-node0$n" class="stonith" type="fence_ipmilan">
        <instance_attributes id="fence-an-node0$n-ia">
          <nvpair id="fence-an-node0$n-ip" name="ip" value="10.20.1.$n"/>
          <nvpair id="fence-an-node0$n-user" name="username" value="admin"/>
          <nvpair id="fence-an-node0$n-hosts" name="pcmk_host_list" value="an-node0$n"/>
        </instance_attributes>
      </primitive>
EOF
  done
  for i in 1 2 3 4 5 6 7 8; do
    cat <<EOF
      <primitive id="vm$i" class="ocf" provider="heartbeat" type="VirtualDomain">
        <instance_attributes id="vm$i-ia">
          <nvpair id="vm$i-config" name="config" value="/shared/definitions/vm$i.xml"/>
        </instance_attributes>
        <meta_attributes id="vm$i-ma">
          <nvpair id="vm$i-migrate" name="allow-migrate" value="true"/>
        </meta_attributes>
        <operations><op id="vm$i-monitor" name="monitor" interval="30s"/></operations>
      </primitive>
EOF
  done
  cat <<'EOF'
    </resources>
    <constraints/>
  </configuration>
  <status/>
</cib>
EOF
} >"$CIB_file"
# pcs -f still reads /etc/corosync/corosync.conf (Debian's corosync package
# ships a one-node example) unless it is given one: give it the two nodes.
cat >"$work/corosync.conf" <<'EOF'
totem {
    version: 2
    cluster_name: an-cluster-01
    transport: knet
}
nodelist {
    node {
        ring0_addr: an-node01
        name: an-node01
        nodeid: 1
    }
    node {
        ring0_addr: an-node02
        name: an-node02
        nodeid: 2
    }
}
quorum {
    provider: corosync_votequorum
    two_node: 1
}
EOF
# ansible: the nodes with their addresses and the VMs, all with the local
# connection, so that even a module run would not leave this machine.
{
  echo '[nodes]'
  for n in 1 2; do
    echo "an-node0$n bcn_ip=10.20.0.$n sn_ip=10.10.0.$n ifn_ip=10.255.0.$n ipmi_ip=10.20.1.$n"
  done
  echo '[vms]'
  for i in 1 2 3 4 5 6 7 8; do echo "vm$i ifn_ip=10.255.1.$i"; done
  echo '[all:vars]'
  echo 'ansible_connection=local'
} >"$work/inventory.ini"

# --- measuring ---------------------------------------------------------------
now_ns() { date +%s%N; }
ms() { awk -v ns="$1" -v n="$2" 'BEGIN { printf "%.2f", ns / n / 1000000 }'; }

status=0
anvil_mean=     # anvil's mean for the current job, the ratios' base
section() {     # TITLE
  anvil_mean=
  printf '%s\n' "$1"
}
line() {        # LABEL MEAN BEST RATIO
  printf '  %-58s %9s %9s %8s\n' "$1" "$2" "$3" "$4"
}
na() {          # LABEL REASON
  printf '  %-58s n/a (%s)\n' "$1" "$2"
}

# row TOOL LABEL EXPECT COMMAND...
# One checked run first (also warms the page cache, which every later run
# enjoys too): it must exit 0 within 120 s and print EXPECT (a grep -E
# pattern), or the row is n/a. Then RUNS timed runs, as bench/latency.sh.
# fd 8 is where argcomplete writes its candidates (9: its debug stream).
row() {
  tool=$1 label=$2 expect=$3
  shift 3
  if ! command -v "$tool" >/dev/null 2>&1; then
    na "$label" "$tool not installed"
    return 0
  fi
  rc=0
  timeout 120 "$@" >"$work/out" 2>"$work/err" 8>>"$work/out" 9>/dev/null || rc=$?
  reason=
  if [ $rc -eq 124 ]; then
    reason="no answer in 120 s"
  elif [ $rc -ne 0 ]; then
    reason="exit $rc: $(head -n1 "$work/err" | cut -c1-50)"
  elif [ -n "$expect" ] && ! grep -Eq -- "$expect" "$work/out"; then
    reason="unexpected output: $(head -n1 "$work/out" | cut -c1-40)"
  fi
  if [ -n "$reason" ]; then
    na "$label" "$reason"
    [ "$tool" = "$anvil" ] && status=1
    return 0
  fi
  best=999999999999
  total=0
  i=0
  while [ $i -lt "$runs" ]; do
    start=$(now_ns)
    "$@" >/dev/null 2>&1 8>/dev/null 9>/dev/null || true
    end=$(now_ns)
    t=$((end - start))
    total=$((total + t))
    [ $t -lt $best ] && best=$t
    i=$((i + 1))
  done
  mean=$(ms "$total" "$runs")
  if [ "$tool" = "$anvil" ]; then
    anvil_mean=$mean
    ratio=1.0
  elif [ -n "$anvil_mean" ]; then
    ratio=$(awk -v m="$mean" -v a="$anvil_mean" 'BEGIN { r = m / a; printf (r < 10 ? "%.1f" : "%.0f"), r }')
  else
    ratio=-
  fi
  line "$label" "$mean" "$(ms "$best" 1)" "$ratio"
}

# --- the tools' versions and the machine --------------------------------------
first() {  # COMMAND...: its first non-empty line of output, or "?"
  v=$("$@" 2>/dev/null | sed -n '/./{p;q;}') || true
  echo "${v:-?}"
}
ver() {  # TOOL COMMAND...
  if command -v "$1" >/dev/null 2>&1; then
    shift
    first "$@"
  else
    echo "not installed"
  fi
}
"$anvil" ip-plan init >/dev/null 2>&1 || { echo "compare: $anvil ip-plan init failed" >&2; exit 1; }
for i in 1 2 3 4 5 6 7 8; do "$anvil" ip-plan add vm "vm$i" >/dev/null 2>&1 || status=1; done
# The job "help for one subcommand": `cluster` where this anvil has it (the
# pcs and crm rows are their `cluster`), else `ip-plan`, which every build has.
sub=ip-plan
"$anvil" __complete '' 2>/dev/null | grep -qx cluster && sub=cluster
case $sub in cluster) sub_word=render ;; *) sub_word=show ;; esac

echo "# bench/compare.sh: $runs runs per command, wall ms per run (mean, fastest), x = mean / anvil's mean"
echo "# machine: $(nproc) cores, $(sed -n 's/^model name[^:]*: //p;T;q' /proc/cpuinfo), Linux $(uname -r), load $(cut -d' ' -f1-3 /proc/loadavg) at start"
link=$(file -b "$anvil" 2>/dev/null | grep -Eo '(static-pie|statically|dynamically) linked' || echo '?')
echo "# anvil:   $(first "$anvil" --version) ($link, built $(date -r "$anvil" '+%F %R'); $anvil)"
[ $sub = cluster ] || echo "#          this build has no \`cluster\` subcommand: its help and TAB rows use ip-plan"
echo "# pcs:     $(ver pcs pcs --version)"
echo "# crm:     $(ver crm crm --version), $(ver crm_mon crm_mon --version)"
# The Python the tools run on is the one on their #! line (Debian's), not
# whichever python3 is first on PATH.
py=/usr/bin/python3
for t in ansible crm pcs; do
  f=$(command -v "$t" 2>/dev/null) || continue
  py=$(sed -n '1s/^#! *\([^ ]*\).*/\1/p' "$f")
  break
done
echo "# ansible: $(ver ansible ansible --version); argcomplete $("$py" -c 'import argcomplete, importlib.metadata as m; print(m.version("argcomplete"))' 2>/dev/null || echo 'not installed (no TAB completion)')"
echo "# python:  $(ver "$py" "$py" --version) ($py; pcs, crm and ansible are Python programs)"
echo
printf '%-60s %9s %9s %8s\n' "job / command" "mean ms" "best ms" "x anvil"

section "start-up: print the version"
row "$anvil" "anvil --version" 'anvil' "$anvil" --version
row pcs "pcs --version" '^[0-9]' pcs --version
row crm "crm --version" '^crm ' crm --version
row ansible "ansible --version" '^ansible ' ansible --version

# ansible has no subcommands; ansible-galaxy's `collection` is the nearest
# thing to `pcs cluster`. crm builds its help for `cluster` by running
# `crm cluster SUB --help` for every SUB (14 more crm processes).
section "help for one subcommand"
row "$anvil" "anvil $sub --help" 'Usage' "$anvil" "$sub" --help
row pcs "pcs cluster --help" 'Usage: pcs cluster' pcs cluster --help
row crm "crm help cluster" 'Cluster setup' crm help cluster
row ansible-galaxy "ansible-galaxy collection --help" 'usage: ansible-galaxy collection' ansible-galaxy collection --help

# The cluster's configuration from a local file, no cluster running.
section "show the configuration (2 nodes, 2 BMCs, 8 VMs; local file)"
row "$anvil" "anvil ip-plan show (ledger)" '^vm8 ' "$anvil" ip-plan show
row pcs "pcs -f cib.xml --corosync_conf=... config" 'Resource: vm8' pcs -f "$CIB_file" --corosync_conf="$work/corosync.conf" config
row crm "CIB_file=cib.xml crm configure show" 'primitive vm8' crm configure show
row ansible-inventory "ansible-inventory -i inventory.ini --list" '"vm8"' ansible-inventory -i "$work/inventory.ini" --list

# What each tool runs when a user presses TAB, from its bash completion:
#   anvil  completions/anvil.bash: `anvil __complete WORDS... CURRENT`
#   pcs    /usr/share/bash-completion/completions/pcs: `env COMP_WORDS=...
#          COMP_LENGTHS=... COMP_CWORD=N PCS_AUTO_COMPLETE=1 pcs`
#   crm    /usr/share/bash-completion/completions/crm: `crm --compgen
#          COMP_POINT COMP_LINE` (options after `-` are pure bash)
#   ansible  argcomplete, once registered (`register-python-argcomplete
#          ansible-galaxy`): the program itself with _ARGCOMPLETE=1,
#          COMP_LINE, COMP_POINT, candidates on fd 8. Without the
#          python3-argcomplete package ansible has no completion at all.
# The env(1) in the pcs and ansible rows is one exec (about 1 ms) that
# pcs's own completion pays too. COMP_POINT is the line's length: the
# cursor is at its end, after a space.
section "TAB after a subcommand: its subcommands"
row "$anvil" "anvil __complete $sub ''" "^$sub_word\$" "$anvil" __complete "$sub" ''
row pcs "pcs cluster <TAB>: PCS_AUTO_COMPLETE=1 pcs" '^setup$' \
  env COMP_WORDS='pcs cluster ' COMP_LENGTHS='3 7 0' COMP_CWORD=2 PCS_AUTO_COMPLETE=1 pcs
row crm "crm cluster <TAB>: crm --compgen" '^start$' crm --compgen 12 'crm cluster '
row ansible-galaxy "ansible-galaxy collection <TAB>: argcomplete" 'install' \
  env COMP_LINE='ansible-galaxy collection ' COMP_POINT=26 COMP_TYPE=9 _ARGCOMPLETE=1 ansible-galaxy

# Candidates that come from the configuration, not from the program's own
# command tree: anvil's settings keys from the ledger, crm's object ids
# from the CIB (it runs cibadmin -Ql and crm_resource to get them).
# crmsh 4.4 also runs `crmd version` there, a name pacemaker 2 dropped:
# it still completes, and logs an ERROR line to /var/log/crmsh/crmsh.log.
section "TAB that reads the configuration"
row "$anvil" "anvil __complete ip-plan set '' (ledger keys)" '^an-node02\.bcn$' "$anvil" __complete ip-plan set ''
na "pcs resource config <TAB>" "pcs completes only its command tree"
row crm "crm configure show <TAB>: crm --compgen (CIB ids)" '^vm8$' crm --compgen 19 'crm configure show '
na "ansible <TAB> (host pattern)" "argcomplete offers no inventory hosts"

section "loop cost (date, fork, exec; in every figure above)"
row /bin/true "/bin/true" '' /bin/true
echo "# load $(cut -d' ' -f1-3 /proc/loadavg) at end (2 cores: above ~1 other work competed with the runs)"
exit $status
