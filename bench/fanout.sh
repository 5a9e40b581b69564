#!/bin/sh
# Fan-out benchmark: the same three commands (`uname -r`, `cat /proc/loadavg`,
# `id -un`), each run on all N nodes, one command after another, by
#   openssh-serial  a loop of `ssh -F ssh_config HOST CMD` over commands, hosts
#   parallel-ssh    `parallel-ssh -p 32 -x "-F ssh_config" -h HOSTS -i CMD`
#   anvil           `anvil node exec --all-clusters -- CMD` (N/2 clusters)
# against N real sshd nodes on 127.0.0.2.. (tests/harness/sshd-nodes): the
# anvil ledger has clusters bench-1..bench-N/2, node bench-K-nX on the sshd at
# 127.0.0.(2K+X-1) (`anvil node set ... --host`).
#
# Usage: bench/fanout.sh [N...]          (default: 2 8 32; N even, <= 200)
# Env:   ANVIL=PATH        anvil binary (default build-static/anvil, else
#                          build/anvil); skipped if `node exec` is missing
#        FANOUT_RUNS=R     measured runs per tool and N, best kept (default 1)
#        FANOUT_KEX=ALGS   KexAlgorithms for the OpenSSH tools (default: the
#                          client's own; e.g. curve25519-sha256 as libssh)
#        FANOUT_TIMEOUT=S  limit for one measured run (default 120 s)
#        FANOUT_NET=A.B.C  nodes are A.B.C.2 .. A.B.C.(N+1) (default 127.0.0;
#                          pick another, e.g. 127.0.9, while tests run nodes)
#
# Prints one table: N, tool, wall ms for the 3 commands together, peak RSS
# (GNU time %M: the largest single process, not the sum of concurrent ssh
# processes), and how many "root" lines `id -un` gave (must be N/N, so a tool
# that fails quietly cannot look fast). Needs root (the nodes bind port 22).
# Exits 0 when every tool that ran got N/N, 1 otherwise, 77 when skipped.
set -eu
cd "$(dirname "$0")/.."
top=$(pwd)
harness=$top/tests/harness/sshd-nodes
runs=${FANOUT_RUNS:-1}
run_timeout=${FANOUT_TIMEOUT:-120}
net=${FANOUT_NET:-127.0.0}
case $net in
  127.*.*.* | *[!0-9.]* | *..* | *.) net_ok= ;;
  127.*.*) net_ok=yes ;;
  *) net_ok= ;;
esac
[ -n "$net_ok" ] || { echo "fanout: FANOUT_NET must be A.B.C in 127.0.0.0/8: $net" >&2; exit 2; }
[ $# -gt 0 ] || set -- 2 8 32
commands='uname -r
cat /proc/loadavg
id -un'

[ "$(id -u)" -eq 0 ] || { echo "skip: needs root (sshd nodes on port 22)" >&2; exit 77; }
[ -x /usr/bin/time ] || { echo "skip: needs GNU time (apt-get install time)" >&2; exit 77; }
for n; do
  case $n in '' | *[!0-9]*) echo "fanout: not a number: $n" >&2; exit 2 ;; esac
  if [ "$n" -lt 2 ] || [ "$n" -gt 200 ] || [ $((n % 2)) -ne 0 ]; then
    echo "fanout: N must be even, 2..200: $n" >&2
    exit 2
  fi
done

if [ -z "${ANVIL:-}" ]; then
  ANVIL=$top/build-static/anvil
  [ -x "$ANVIL" ] || ANVIL=$top/build/anvil
fi
anvil_skip=
if [ ! -x "$ANVIL" ]; then
  anvil_skip="$ANVIL is not built"
elif ! help=$(timeout 10 "$ANVIL" node exec --help 2>&1) ||
  ! printf '%s\n' "$help" | grep -q -- '--all-clusters'; then
  # Checks the text too: an anvil without `node` prints its top-level help
  # for `node exec --help` and exits 0.
  anvil_skip="$ANVIL has no \`node exec --all-clusters\` yet"
fi
have_pssh=yes
command -v parallel-ssh >/dev/null || have_pssh=

work=$(mktemp -d "${TMPDIR:-/tmp}/fanout.XXXXXX")
# shellcheck disable=SC2317  # called by the trap
cleanup() {
  if [ -n "${child:-}" ]; then kill -TERM "$child" 2>/dev/null || true; wait "$child" || true; fi
  for d in "$work"/n*; do
    if [ -d "$d/nodes" ]; then timeout 30 "$harness" stop "$d" >/dev/null 2>&1 || true; fi
  done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
results=$work/results
: >"$results"
status=0
child=

now_ns() { date +%s%N; }

# The measured scripts, one per tool: $1 = output prefix, then tool args.
# Each command's output goes to PREFIX.1, .2, .3; the script's exit status
# is the worst of its calls.
cat >"$work/serial.sh" <<'EOF'
out=$1 cfg=$2
shift 2
rc=0 i=0
while IFS= read -r cmd; do
  i=$((i + 1))
  for h; do ssh -n -F "$cfg" "$h" "$cmd" || rc=$?; done >"$out.$i"
done <"$out.cmds"
exit $rc
EOF
cat >"$work/pssh.sh" <<'EOF'
out=$1 cfg=$2 hosts=$3 t=$4
rc=0 i=0
while IFS= read -r cmd; do
  i=$((i + 1))
  parallel-ssh -p 32 -t "$t" -x "-F $cfg" -h "$hosts" -i "$cmd" >"$out.$i" </dev/null || rc=$?
done <"$out.cmds"
exit $rc
EOF
cat >"$work/anvil.sh" <<'EOF'
out=$1 anvil=$2
rc=0 i=0
while IFS= read -r cmd; do
  i=$((i + 1))
  # shellcheck disable=SC2086  # CMD is words, as a person would type them
  "$anvil" node exec --all-clusters -- $cmd >"$out.$i" </dev/null || rc=$?
done <"$out.cmds"
exit $rc
EOF

# measure N TOOL SCRIPT ARGS...: best of $runs; appends a row to $results
measure() {
  n=$1 tool=$2 script=$3
  shift 3
  best_ms='' best_rss='' best_ok='' best_rc='' best_good=
  r=0
  while [ "$r" -lt "$runs" ]; do
    r=$((r + 1))
    out=$work/out.$tool.$n.$r
    printf '%s\n' "$commands" >"$out.cmds"
    t0=$(now_ns)
    rc=0
    # In the background so that INT/TERM reach the trap at once (a shell
    # runs traps only after its foreground child ends); timeout kills the
    # whole run (its own process group) on expiry or when signalled.
    timeout -k 5 "$run_timeout" /usr/bin/time -f '%e %M' -o "$out.time" \
      sh "$script" "$out" "$@" 2>"$out.err" &
    child=$!
    wait "$child" || rc=$?
    child=
    t1=$(now_ns)
    ms=$(((t1 - t0) / 1000000))
    rss=$(tail -n 1 "$out.time" 2>/dev/null | awk '{ print $2 }')
    [ -n "$rss" ] || rss=-
    # `id -un` is command 3: one line per node whose last word is "root"
    # ("root", "NODE: root", "[NODE] root" all count).
    got=$(awk '$NF == "root"' "$out.3" 2>/dev/null | wc -l)
    good=yes
    if [ "$got" -ne "$n" ] || [ "$rc" -ne 0 ]; then
      good=
      echo "fanout: $tool, N=$n: exit $rc, $got/$n \"root\" lines from id -un" >&2
      tail -n 5 "$out.err" | sed 's/^/  stderr: /' >&2
      status=1
    fi
    # Keep the fastest good run; a bad run only while there is no good one.
    if [ -z "$best_ms" ] || { [ -n "$good" ] && { [ -z "$best_good" ] || [ "$ms" -lt "$best_ms" ]; }; }; then
      best_ms=$ms best_rss=$rss best_ok=$got best_rc=$rc best_good=$good
    fi
  done
  if [ -n "$best_good" ]; then verdict=ok
  elif [ "$best_rc" -eq 124 ] || [ "$best_rc" -eq 137 ]; then verdict=TIMEOUT
  else verdict="FAIL(exit $best_rc)"; fi
  printf '%5s  %-15s %9s %13s %9s  %s\n' "$n" "$tool" "$best_ms" "$best_rss" \
    "$best_ok/$n" "$verdict" | tee -a "$results" >&2
}

skipped() {  # N TOOL WHY
  printf '%5s  %-15s %9s %13s %9s  %s\n' "$1" "$2" - - - "skipped: $3" | tee -a "$results" >&2
}

echo "fanout: $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg), $(ssh -V 2>&1)," \
  "OpenSSH kex: ${FANOUT_KEX:-client default}, runs: $runs (best kept)" >&2
[ -z "$anvil_skip" ] || echo "fanout: anvil column skipped: $anvil_skip" >&2
printf '%5s  %-15s %9s %13s %9s  %s\n' N tool wall_ms peak_rss_KiB id_-un status >&2

for n; do
  d=$work/n$n
  mkdir -p "$d"
  addrs=
  i=2
  while [ "$i" -lt $((n + 2)) ]; do addrs="$addrs $net.$i"; i=$((i + 1)); done
  # shellcheck disable=SC2086
  busy=$(ss -Hltn 'sport = :22' 2>/dev/null | awk '{ print $4 }' | sed 's/:22$//' |
    grep -xF "$(printf '%s\n' $addrs)" | head -n 3 | tr '\n' ' ') || true
  if [ -n "$busy" ]; then
    echo "fanout: something already listens on port 22 of $busy(another run of the" \
      "sshd-nodes harness?); choose free addresses with FANOUT_NET=127.0.9" >&2
    exit 1
  fi
  # shellcheck disable=SC2086
  if ! timeout -k 5 60 "$harness" start "$d" $addrs; then
    echo "fanout: could not start $n sshd nodes" >&2
    exit 1
  fi
  cfg=$d/client/ssh_config
  if [ -n "${FANOUT_KEX:-}" ]; then
    { echo "KexAlgorithms $FANOUT_KEX"; cat "$d/client/ssh_config"; } >"$d/client/ssh_config.kex"
    cfg=$d/client/ssh_config.kex
  fi
  # shellcheck disable=SC2086
  printf '%s\n' $addrs >"$d/hosts"
  # Warm-up (and a check that the nodes answer at all).
  timeout 20 ssh -n -F "$cfg" "$net.2" true ||
    { echo "fanout: node $net.2 does not answer" >&2; exit 1; }

  # shellcheck disable=SC2086
  measure "$n" openssh-serial "$work/serial.sh" "$cfg" $addrs
  if [ -n "$have_pssh" ]; then
    measure "$n" parallel-ssh "$work/pssh.sh" "$cfg" "$d/hosts" 30
  else
    skipped "$n" parallel-ssh "not installed (apt-get install pssh)"
  fi

  if [ -n "$anvil_skip" ]; then
    skipped "$n" anvil "no node exec"
  else
    export ANVIL_LEDGER="$d/ledger.db"
    unset ANVIL_CLUSTER
    setup_ok=yes
    k=1
    while [ "$k" -le $((n / 2)) ] && [ -n "$setup_ok" ]; do
      timeout 30 "$ANVIL" ip-plan init --name "bench-$k" --number "$k" \
        --nodes "bench-$k-n1,bench-$k-n2" --bcn "10.$((20 + k)).0.0/16" \
        --sn "10.$((100 + k)).0.0/16" --ifn "10.$((200 + k)).0.0/16" \
        >/dev/null 2>"$d/anvil-setup.err" || setup_ok=
      for x in 1 2; do
        [ -n "$setup_ok" ] || break
        timeout 30 "$ANVIL" --cluster "bench-$k" node set "bench-$k-n$x" \
          --host "$net.$((2 * k + x - 1))" --user root \
          --identity "$d/client/id_ed25519" --known-hosts "$d/client/known_hosts" \
          >/dev/null 2>"$d/anvil-setup.err" || setup_ok=
      done
      k=$((k + 1))
    done
    if [ -n "$setup_ok" ]; then
      measure "$n" anvil "$work/anvil.sh" "$ANVIL"
    else
      echo "fanout: anvil setup failed: $(tail -n 3 "$d/anvil-setup.err")" >&2
      skipped "$n" anvil "setup failed (ip-plan init / node set)"
      status=1
    fi
  fi
  timeout 30 "$harness" stop "$d"
done

echo
echo "Fan-out of 3 commands (uname -r; cat /proc/loadavg; id -un) to N sshd nodes on loopback"
printf '%5s  %-15s %9s %13s %9s  %s\n' N tool wall_ms peak_rss_KiB id_-un status
cat "$results"
exit $status
