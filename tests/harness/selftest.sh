#!/bin/sh
# Self-test of tests/harness/sshd-nodes: two nodes, a write to /etc and a
# lock under /run/lock on one node land in its etc-upper (not the real /etc,
# not the other node), /root is the node's own, a restart keeps them, stop is idempotent. Exit 77
# (skip) when not root. Usage: tests/harness/selftest.sh [A.B.C]
# (nodes A.B.C.2 and A.B.C.3; default 127.0.0)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
h=$here/sshd-nodes
net=${1:-127.0.0}
a2=$net.2
a3=$net.3
[ "$(id -u)" -eq 0 ] || { echo "skip: needs root" >&2; exit 77; }
dir=$(mktemp -d)
probe=anvil-probe-$$
trap '"$h" stop "$dir" >/dev/null 2>&1 || true; rm -rf "$dir"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
passed=0
ok() { passed=$((passed + 1)); echo "ok - $*"; }

"$h" start "$dir" "$a2" "$a3" || fail "start"
ok "start 2 nodes"
eval "$("$h" env "$dir")"
[ "$SSHD_NODES_ADDRS" = "$a2 $a3" ] || fail "env ADDRS: $SSHD_NODES_ADDRS"
ok "env"
s() { timeout 20 ssh -F "$SSHD_NODES_SSH_CONFIG" "$@"; }
out=$(s "$a2" "echo hi > /etc/$probe; cat /etc/$probe; flock -w1 /run/lock/$probe true && echo locked")
[ "$out" = "hi
locked" ] || fail "ssh output: $out"
ok "ssh, write to /etc, flock under /run/lock"
[ "$(cat "$dir/nodes/$a2/etc-upper/$probe")" = hi ] || fail "not in etc-upper"
[ ! -e "/etc/$probe" ] || fail "leaked into the real /etc"
[ ! -e "/run/lock/$probe" ] || fail "leaked into the real /run/lock"
ok "write landed in etc-upper only"
s "$a2" "touch ~/$probe" || fail "write to the node's /root"
{ [ -e "$dir/nodes/$a2/root-home/$probe" ] && [ ! -e "/root/$probe" ]; } ||
  fail "/root of the node is not its own"
ok "/root of the node is its own"
s "$a3" "test ! -e /etc/$probe" || fail "node 3 sees node 2's /etc"
ok "nodes are isolated"
ssh-keygen -q -t ed25519 -N '' -f "$dir/other_key"
timeout 20 ssh -F /dev/null -o BatchMode=yes -o IdentitiesOnly=yes -o IdentityAgent=none \
  -o UserKnownHostsFile="$SSHD_NODES_KNOWN_HOSTS" -i "$dir/other_key" root@"$a2" true 2>/dev/null &&
  fail "login with a key not in authorized_keys"
ok "no key, no login"
"$h" stop "$dir" "$a2"
[ "$("$h" env "$dir" | sed -n 's/^SSHD_NODES_ADDRS=//p')" = "'$a3'" ] || fail "stop one node"
"$h" start "$dir" "$a2"
[ "$(s "$a2" cat "/etc/$probe")" = hi ] || fail "restart lost /etc"
ok "stop one node, restart keeps its /etc"
"$h" stop "$dir"
"$h" stop "$dir"
[ ! -s "$dir/pids" ] || fail "pids left: $(cat "$dir/pids")"
s "$a3" true 2>/dev/null && fail "node still answers after stop"
ok "stop twice"
echo "$passed passed, 0 failed"
