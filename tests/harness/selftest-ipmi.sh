#!/bin/sh
# Self-test of tests/harness/ipmi-bmc with fence_ipmilan, which takes its
# options on stdin as the cluster gives them: two BMCs; status ON (exit 0) /
# OFF (exit 2) follows the power file; reboot power-cycles (power.log: off,
# then on); off and on; a wrong password fails fast; a stopped BMC fails
# within power_timeout; a restarted BMC keeps the machine's power; stop is
# idempotent. Exit 77 (skip) without ipmi_sim, ipmitool or fence_ipmilan.
# Usage: tests/harness/selftest-ipmi.sh [PORT]  (BMCs on UDP 127.0.0.1:PORT
# and PORT+1; default 19641)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
h=$here/ipmi-bmc
p1=${1:-19641}
p2=$((p1 + 1))
for t in ipmi_sim ipmitool fence_ipmilan; do
  command -v "$t" >/dev/null || { echo "skip: needs $t" >&2; exit 77; }
done
dir=$(mktemp -d)
trap '"$h" stop "$dir" >/dev/null 2>&1 || true; rm -rf "$dir"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
passed=0
ok() { passed=$((passed + 1)); echo "ok - $*"; }

now_ms() { echo $(($(date +%s%N) / 1000000)); }

# fence NAME KEY=VALUE...: run fence_ipmilan with NAME's options (and the
# given ones, e.g. action=status) on stdin; sets rc, out (stdout), err
# (stderr without Python's DeprecationWarning), ms (how long it took).
fence() {
  fn=$1
  shift
  t0=$(now_ms)
  rc=0
  out=$({
    "$h" opts "$dir" "$fn"
    for kv; do echo "$kv"; done
  } | fence_ipmilan 2>"$dir/err") || rc=$?
  ms=$(($(now_ms) - t0))
  err=$(grep -v -e DeprecationWarning -e '^  from pipes import' -e '^$' "$dir/err" || true)
}
show() { echo "rc=$rc ms=$ms stdout=[$out] stderr=[$err]"; }
want() {  # RC STDOUT WHAT: the last fence call exited RC and printed STDOUT
  { [ "$rc" = "$1" ] && [ "$out" = "$2" ]; } || fail "$3: $(show)"
}

"$h" start "$dir" b1 "$p1" || fail "start b1"
"$h" start "$dir" b2 "$p2" --user fencer --password 'Fence-2' || fail "start b2"
st=$("$h" status "$dir")
echo "$st" | grep -q "^b1 running [0-9][0-9]* $p1\$" || fail "status: $st"
echo "$st" | grep -q "^b2 running [0-9][0-9]* $p2\$" || fail "status: $st"
pid1=$(echo "$st" | awk '$1 == "b1" { print $3 }')
pid2=$(echo "$st" | awk '$1 == "b2" { print $3 }')
ok "start 2 BMCs, status"

"$h" start "$dir" b1 "$p1" || fail "start of a running BMC"
[ "$("$h" status "$dir" | awk '$1 == "b1" { print $3 }')" = "$pid1" ] || fail "second start restarted b1"
"$h" start "$dir" b3 "$p1" 2>/dev/null && fail "a second BMC on port $p1 started"
ok "start is idempotent, a used port is refused"

[ "$("$h" power "$dir" b1)" = on ] || fail "power b1: $("$h" power "$dir" b1)"
fence b1 action=status
want 0 "Status: ON" "status on"
echo "  status (on): $(show)"
fence b2 action=status
want 0 "Status: ON" "status b2 (user fencer)"
ok "status ON: exit 0"

"$h" set-power "$dir" b1 off
[ "$("$h" power "$dir" b1)" = off ] || fail "set-power off"
fence b1 action=status
want 2 "Status: OFF" "status off"
echo "  status (off): $(show)"
fence b2 action=status
want 0 "Status: ON" "b2 follows b1's power"
[ ! -s "$dir/b1/power.log" ] || fail "set-power was logged: $(cat "$dir/b1/power.log")"
"$h" set-power "$dir" b1 on
ok "status OFF after set-power off: exit 2 (b2 unaffected, not in power.log)"

fence b1 action=reboot
want 0 "Success: Rebooted" "reboot"
echo "  reboot (on): $(show)"
[ "$(awk '{ print $2, $3, $4 }' "$dir/b1/power.log" | tr '\n' ,)" = "set power 0,set power 1," ] ||
  fail "power.log after reboot: $(cat "$dir/b1/power.log")"
[ "$("$h" power "$dir" b1)" = on ] || fail "power after reboot"
sed 's/^/  power.log: /' "$dir/b1/power.log"
ok "reboot power-cycles: power.log shows off, then on"

: >"$dir/b1/power.log"
fence b1 action=off
want 0 "Success: Powered OFF" "off"
echo "  off: $(show)"
[ "$("$h" power "$dir" b1)" = off ] || fail "power after off"
[ "$(awk '{ print $2, $3, $4 }' "$dir/b1/power.log")" = "set power 0" ] ||
  fail "power.log after off: $(cat "$dir/b1/power.log")"
fence b1 action=off
want 0 "Success: Already OFF" "off when off"
[ "$(wc -l <"$dir/b1/power.log")" -eq 1 ] || fail "off when off set power: $(cat "$dir/b1/power.log")"
fence b1 action=on
want 0 "Success: Powered ON" "on"
[ "$("$h" power "$dir" b1)" = on ] || fail "power after on"
ok "off (twice: Already OFF), on"

: >"$dir/b1/power.log"
fence b1 action=status password=wrong
want 1 "" "wrong password"
echo "$err" | grep -q 'Unable to obtain correct plug status' || fail "wrong password stderr: $(show)"
[ "$ms" -lt 3000 ] || fail "wrong password took ${ms} ms: $(show)"
echo "  wrong password: $(show)"
wrong_ms=$ms
fence b1 action=off password=wrong
want 1 "" "off with a wrong password"
{ [ "$("$h" power "$dir" b1)" = on ] && [ ! -s "$dir/b1/power.log" ]; } ||
  fail "off with a wrong password changed the power: $(cat "$dir/b1/power.log")"
ok "wrong password: exit 1 in ${wrong_ms} ms, power untouched"

"$h" stop "$dir" b2
is_gone() { ! [ -d "/proc/$1" ] || grep -q '^State:.*Z' "/proc/$1/status" 2>/dev/null; }
is_gone "$pid2" || fail "ipmi_sim $pid2 (b2) still runs"
"$h" status "$dir" | grep -q "^b2 stopped - $p2\$" || fail "status after stop: $("$h" status "$dir")"
fence b2 action=status  # opts: power_timeout=5
want 1 "" "stopped BMC"
echo "$err" | grep -q 'Connection timed out' || fail "stopped BMC stderr: $(show)"
{ [ "$ms" -ge 4000 ] && [ "$ms" -lt 8000 ]; } || fail "stopped BMC: ${ms} ms, not ~5000 (power_timeout=5): $(show)"
echo "  stopped BMC, power_timeout=5: $(show)"
fence b2 action=reboot power_timeout=2
want 1 "" "stopped BMC, reboot, power_timeout=2"
[ "$ms" -lt 4000 ] || fail "stopped BMC, reboot, power_timeout=2: ${ms} ms"
echo "  stopped BMC, reboot, power_timeout=2: $(show)"
ok "stopped BMC: exit 1, 'Connection timed out' after power_timeout"

"$h" set-power "$dir" b2 off  # the plug is pulled while its BMC is down
"$h" start "$dir" b2 "$p2" --user fencer --password 'Fence-2' || fail "restart b2"
fence b2 action=status
want 2 "Status: OFF" "restarted b2"
ok "restarted BMC keeps the machine's power"

"$h" stop "$dir"
"$h" stop "$dir"
"$h" stop "$dir" b1 b2
[ ! -s "$dir/pids" ] || fail "pids left: $(cat "$dir/pids")"
is_gone "$pid1" || fail "ipmi_sim $pid1 (b1) still runs"
[ "$("$h" status "$dir" | awk '{ print $1, $2, $3, $4 }' | tr '\n' ,)" = "b1 stopped - $p1,b2 stopped - $p2," ] ||
  fail "status after stop: $("$h" status "$dir")"
ipmitool -I lanplus -C 3 -N 1 -R 1 -H 127.0.0.1 -p "$p1" -U admin -P password \
  chassis power status >/dev/null 2>&1 && fail "b1 still answers after stop"
ok "stop three times"
echo "$passed passed, 0 failed"
