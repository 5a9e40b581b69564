#!/bin/sh
# The man pages agree with --help: every subcommand, every long option and
# every default that a command's --help shows is in its man page, and no man
# page names a long option that no --help shows (ENVIRONMENT excepted).
# Usage: docs_agree.sh ANVIL MAN_DIR
set -u
[ $# -eq 2 ] || { echo "usage: $0 ANVIL MAN_DIR" >&2; exit 2; }
anvil=$1
man=$2

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
trap 'exit 1' INT TERM

passed=0
failed=0
pass() { passed=$((passed + 1)); echo "ok - $1"; }
fail() { failed=$((failed + 1)); echo "FAIL - $1"; }

# The roff as plain words on one line: `\-` is `-`, no font escapes, no
# quotes, no macro names. With a second argument, that section is dropped.
plain() {
  awk -v drop="${2:-}" '
    /^\.SH/ { skipping = (drop != "" && index($0, drop) > 0); next }
    !skipping' "$1" |
    sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' -e 's/\\f(..//g' -e 's/^\.[A-Za-z]*//' -e 's/"//g' |
    tr '\n' ' ' | tr -s ' '
  echo
}

page_for() {
  case $1 in
  '') echo anvil.1 ;;
  ip-plan*) echo anvil-ip-plan.1 ;;
  node*) echo anvil-node.1 ;;
  net*) echo anvil-net.1 ;;
  drbd*) echo anvil-drbd.1 ;;
  cluster*) echo anvil-cluster.1 ;;
  fence*) echo anvil-fence.1 ;;
  storage*) echo anvil-storage.1 ;;
  history*) echo anvil-history.1 ;;
  vm*) echo anvil-vm.1 ;;
  *) echo "anvil-$1.1" ;;
  esac
}

pages="anvil.1 anvil-ip-plan.1 anvil-node.1 anvil-net.1 anvil-drbd.1 anvil-cluster.1 anvil-fence.1 anvil-storage.1 anvil-history.1 anvil-check.1 anvil-vm.1"

for page in $pages; do
  if [ -r "$man/$page" ]; then
    plain "$man/$page" >"$work/$page.txt"
    plain "$man/$page" ENVIRONMENT >"$work/$page.noenv"
  else
    fail "$man/$page exists"
  fi
done

# mentions FILE WORD: WORD appears in FILE, not as part of a longer name.
mentions() { grep -Eq -- "(^|[^a-z0-9-])$2([^a-z0-9-]|\$)" "$1"; }

: >"$work/all-options"
for path in '' ip-plan 'ip-plan init' 'ip-plan add' 'ip-plan add device' 'ip-plan add vm' \
  'ip-plan set' 'ip-plan remove' 'ip-plan show' 'ip-plan check' 'ip-plan list' \
  node 'node list' 'node set' 'node trust' 'node ping' 'node exec' 'node put' \
  net 'net render' 'net diff' 'net map' 'net status' 'net check' 'net apply' \
  drbd 'drbd add' 'drbd remove' 'drbd list' 'drbd render' 'drbd diff' 'drbd apply' 'drbd status' \
  'drbd check' 'drbd up' 'drbd down' 'drbd primary' 'drbd secondary' 'drbd connect' 'drbd disconnect' \
  'drbd split-brain' 'drbd wait' \
  cluster 'cluster render' 'cluster validate' 'cluster diff' 'cluster apply' 'cluster status' 'cluster check' 'cluster start' 'cluster stop' \
  fence 'fence list' 'fence add-device' 'fence set-device' 'fence add-method' 'fence remove-method' \
  'fence set-credentials' 'fence check' 'fence node' 'fence history' \
  storage 'storage add-vg' 'storage remove-vg' 'storage gfs2' 'storage list' 'storage render' 'storage diff' \
  'storage apply' 'storage init' 'storage lv' 'storage lv create' 'storage lv remove' 'storage status' 'storage check' \
  vm 'vm add' 'vm render' 'vm list' 'vm info' 'vm define' 'vm start' 'vm shutdown' 'vm destroy' 'vm undefine' 'vm migrate' \
  history 'history list' 'history show' 'history diff' 'history undo' check; do
  name="anvil${path:+ $path}"
  page=$(page_for "$path")
  text=$work/$page.txt
  # shellcheck disable=SC2086 # the path is words
  if ! "$anvil" $path --help >"$work/help" 2>&1; then
    fail "$name --help exits 0"
    continue
  fi
  [ -r "$text" ] || continue
  # Option lines: "  -v,--verbose   ..." or "  --format TEXT:{...}=table   ...",
  # whose type may hold spaces ("--timeout INT:INT in [1 - 86400]=120"): the
  # names, then the type up to the two spaces before the description.
  awk '/^Options:/ { on = 1; next } /^[A-Z][a-z]*:/ { on = 0 }
       on && $1 ~ /^-/ { line = $0; sub(/^ +/, "", line); sub(/  .*/, "", line); print line }' "$work/help" |
    while read -r names type; do
      for opt in $(echo "$names" | tr ',' ' '); do
        case $opt in --*) ;; *) continue ;; esac
        echo "$opt" >>"$work/all-options"
        if mentions "$text" "$opt"; then pass "$page: $name $opt"; else fail "$page: $name $opt is not documented"; fi
      done
      case $type in
      *=*)
        default=${type##*=}
        if grep -Fq -- "Default: $default" "$text"; then
          pass "$page: $name $names defaults to $default"
        else
          fail "$page: $name $names: no 'Default: $default' as --help shows"
        fi
        ;;
      esac
    done >>"$work/results"
  # Subcommands: documented as the whole command, e.g. "anvil ip-plan add device".
  awk '/^Subcommands:/ { on = 1; next } /^[A-Z][a-z]*:/ { on = 0 }
       on && /^  [a-z]/ { print $1 }' "$work/help" |
    while read -r sub; do
      if mentions "$text" "$name $sub"; then pass "$page: $name $sub"; else fail "$page: no '$name $sub'"; fi
    done >>"$work/results"
done
# The loops ran in subshells (pipes): count their verdicts here.
if [ -r "$work/results" ]; then
  cat "$work/results"
  passed=$((passed + $(grep -c '^ok' "$work/results")))
  failed=$((failed + $(grep -c '^FAIL' "$work/results")))
fi

# No man page names a long option that --help does not show. Other programs'
# options that anvil-drbd.1, anvil-vm.1 and anvil-storage.1 name are not
# anvil's: `drbdadm -- --discard-my-data connect RES`, `drbdsetup events2
# --now`, `virsh migrate --live --persistent --undefinesource`, and lvm2
# 2.03's refusal of `vgcreate -c y` ("see --shared").
printf '%s\n' --discard-my-data --now --live --persistent --undefinesource --shared >>"$work/all-options"
for page in $pages; do
  [ -r "$work/$page.noenv" ] || continue
  unknown=$(grep -oE -- '(^|[^a-z0-9-])--[a-z][a-z0-9-]*' "$work/$page.noenv" | sed 's/^[^-]*//' | sort -u |
    grep -vxF -f "$work/all-options")
  if [ -z "$unknown" ]; then
    pass "$page: names only options that --help shows"
  else
    fail "$page: names options that no --help shows: $(echo $unknown)"
  fi
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
