#!/bin/sh
# The release build's promises, checked on the binary itself:
# `file` says static-pie, `ldd` finds no shared library, and it runs, plans
# and shows a cluster in an empty chroot (no /etc, no /lib, nothing).
# Usage: static_binary.sh ANVIL
set -u
anvil=$1
passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok: $1"; }
bad() { failed=$((failed + 1)); echo "FAILED: $1"; }

case $(file -b "$anvil") in
  *"static-pie linked"*) ok "file says static-pie linked" ;;
  *) bad "file says: $(file -b "$anvil")" ;;
esac
case $(ldd "$anvil" 2>&1) in
  *"statically linked"*) ok "ldd says statically linked" ;;
  *) bad "ldd says: $(ldd "$anvil" 2>&1)" ;;
esac
if objdump -p "$anvil" | grep -q NEEDED; then bad "the binary has NEEDED entries"; else ok "no NEEDED entries"; fi

if [ "$(id -u)" != 0 ]; then
  echo "skipped: the empty-chroot run needs root (chroot(2))"
else
  root=$(mktemp -d)
  trap 'rm -rf "$root"' EXIT
  cp "$anvil" "$root/anvil"
  if out=$(chroot "$root" /anvil --version 2>&1) && echo "$out" | grep -q '^anvil '; then
    ok "--version runs in an empty chroot"
  else
    bad "--version in an empty chroot: $out"
  fi
  if chroot "$root" /anvil --ledger /ledger.db ip-plan init >/dev/null 2>&1 &&
     chroot "$root" /anvil --ledger /ledger.db ip-plan show --format hosts | grep -q '^10.20.0.1 .*an-node01'; then
    ok "plans and shows a cluster in an empty chroot"
  else
    bad "ip-plan init/show in an empty chroot failed"
  fi
  if [ "$(stat -c %a "$root/ledger.db")" = 600 ]; then ok "ledger 0600 in the chroot"; else bad "ledger mode $(stat -c %a "$root/ledger.db")"; fi
  user=$(chroot "$root" /anvil --ledger /ledger.db history --json | grep '"user"' | head -1)
  case $user in
    *'"uid 0"'*|*'"root"'*) ok "the run records a user without /etc/passwd: $user" ;;
    *) bad "user recorded as: $user" ;;
  esac
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
