#!/bin/sh
# The completion scripts in real shells: bash, zsh and fish each source their
# script, ask it to complete, and must offer what `anvil __complete` knows,
# names from a scratch ledger included. Also times `anvil __complete`.
# Usage: completion.sh ANVIL COMPLETIONS_DIR
set -u
[ $# -eq 2 ] || { echo "usage: $0 ANVIL COMPLETIONS_DIR" >&2; exit 2; }
abs() { (cd "$(dirname "$1")" && printf '%s/%s\n' "$(pwd)" "$(basename "$1")"); }
anvil=$(abs "$1")
dir=$(abs "$2")
[ -x "$anvil" ] || { echo "FAIL: $anvil is not an executable" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
trap 'exit 1' INT TERM
# The scripts call the anvil on PATH: put the one under test first.
mkdir "$work/bin" "$work/files"
ln -s "$anvil" "$work/bin/anvil"
PATH=$work/bin:$PATH
ANVIL_LEDGER=$work/ledger.db
export PATH ANVIL_LEDGER
unset ANVIL_CLUSTER
: >"$work/files/ledger-a.db"

if ! { anvil ip-plan init && anvil ip-plan add device pdu pdu1 && anvil ip-plan add vm vm1; } >"$work/setup.log" 2>&1; then
  echo "FAIL: cannot set up the scratch ledger:" >&2
  cat "$work/setup.log" >&2
  exit 1
fi

passed=0
failed=0
# check NAME EXPECTED ACTUAL: candidate lists, space-separated.
check() {
  if [ "$2" = "$3" ]; then
    passed=$((passed + 1))
    echo "ok - $1"
  else
    failed=$((failed + 1))
    echo "FAIL - $1"
    echo "    expected: $2"
    echo "    got:      $3"
  fi
}
skip() { echo "skip - $1"; }
flat() { tr '\n' ' ' | sed 's/ *$//'; }

top="check cluster drbd fence history ip-plan net node storage vm"
ip_plan="add check init list remove set show"
node_cmds="exec list ping put set trust"
net_cmds="apply check diff map render status"
history_cmds="diff list show undo"
nodes="an-node01 an-node02"
# The setup above recorded runs 1 (init), 2 (add device) and 3 (add vm).
runs="1 2 3"
show_opts="--cluster --color --dry-run --format --help --json --ledger --reason --verbose --version --yes"
node_keys="an-node01.bcn an-node01.eth0.mac an-node01.eth0.switch an-node01.eth1.mac an-node01.eth1.switch an-node01.eth2.mac an-node01.eth2.switch an-node01.eth3.mac an-node01.eth3.switch an-node01.eth4.mac an-node01.eth4.switch an-node01.eth5.mac an-node01.eth5.switch an-node01.fence-order an-node01.fence.ipmi an-node01.ifn an-node01.ipmi an-node01.libvirt-uri an-node01.sn an-node01.ssh-host an-node01.ssh-identity an-node01.ssh-known-hosts an-node01.ssh-port an-node01.ssh-user"
# A network's keys, bond-options included: net_keys bcn|sn|ifn.
net_keys() { for f in bond bond-options bridge dns gateway links subnet; do printf '%s.%s ' "$1" "$f"; done | sed 's/ $//'; }
net_render_opts="--all --all-clusters --cluster --color --dry-run --help --json --ledger --out --reason --verbose --version --yes"

# bash: set COMP_WORDS/COMP_CWORD as readline would, call _anvil, print COMPREPLY.
# Arguments: the words after `anvil`, the last one being completed.
bash_complete() {
  bash --norc --noprofile -c '
    . "$1" || exit 1
    shift
    COMP_WORDS=(anvil "$@")
    COMP_CWORD=$#
    COMP_LINE="anvil $*"
    COMP_POINT=${#COMP_LINE}
    _anvil
    printf "%s\n" "${COMPREPLY[@]}"' bash "$dir/anvil.bash" "$@" 2>&1 | flat
}

if command -v bash >/dev/null 2>&1; then
  check "bash: anvil <TAB>" "$top" "$(bash_complete '')"
  check "bash: anvil ip-plan <TAB>" "$ip_plan" "$(bash_complete ip-plan '')"
  check "bash: anvil ip-plan show --<TAB>" "$show_opts" "$(bash_complete ip-plan show --)"
  check "bash: anvil --color <TAB>" "always auto never" "$(bash_complete --color '')"
  # readline splits `--color=a` at `=` (COMP_WORDBREAKS) into three words.
  check "bash: anvil --color=a<TAB>" "always auto" "$(bash_complete --color = a)"
  check "bash: anvil ip-plan show --format=<TAB>" "csv hosts json table" "$(bash_complete ip-plan show --format =)"
  check "bash: anvil ip-plan add device <TAB>" "pdu switch ups" "$(bash_complete ip-plan add device '')"
  check "bash: anvil ip-plan set an-node01.<TAB> (ledger keys)" "$node_keys" "$(bash_complete ip-plan set an-node01.)"
  for net in bcn sn ifn; do
    check "bash: anvil ip-plan set $net.<TAB> (bond-options too)" "$(net_keys $net)" "$(bash_complete ip-plan set $net.)"
  done
  check "bash: anvil ip-plan remove device <TAB>" "pdu1" "$(bash_complete ip-plan remove device '')"
  check "bash: anvil ip-plan remove vm <TAB>" "vm1" "$(bash_complete ip-plan remove vm '')"
  check "bash: anvil --ledger <TAB> (files)" "$work/files/ledger-a.db" "$(bash_complete --ledger "$work/files/led")"
  check "bash: anvil --ledger=<TAB> (files)" "$work/files/ledger-a.db" "$(bash_complete --ledger = "$work/files/led")"
  check "bash: anvil node <TAB>" "$node_cmds" "$(bash_complete node '')"
  check "bash: anvil node exec <TAB> (ledger nodes)" "$nodes" "$(bash_complete node exec '')"
  check "bash: anvil node put /etc/motd <TAB>" "$nodes" "$(bash_complete node put /etc/motd '')"
  check "bash: anvil node trust <TAB>" "$nodes" "$(bash_complete node trust '')"
  check "bash: anvil node exec --all -- <TAB> (files, no nodes)" "$work/files/ledger-a.db" "$(bash_complete node exec --all -- "$work/files/led")"
  check "bash: anvil node exec --all -- an<TAB> (no nodes)" "" "$(cd "$work/files" && bash_complete node exec --all -- an)"
  check "bash: anvil net <TAB>" "$net_cmds" "$(bash_complete net '')"
  check "bash: anvil net apply <TAB> (ledger nodes)" "$nodes" "$(bash_complete net apply '')"
  check "bash: anvil net diff <TAB> (ledger nodes)" "$nodes" "$(bash_complete net diff '')"
  check "bash: anvil net render --<TAB>" "$net_render_opts" "$(bash_complete net render --)"
  check "bash: anvil net map <TAB> (ledger nodes)" "$nodes" "$(bash_complete net map '')"
  check "bash: anvil history <TAB>" "$history_cmds" "$(bash_complete history '')"
  check "bash: anvil history undo <TAB> (run numbers)" "$runs" "$(bash_complete history undo '')"
  check "bash: anvil history show <TAB> (run numbers)" "$runs" "$(bash_complete history show '')"
  if [ -r /usr/share/bash-completion/bash_completion ]; then
    check "bash: registered next to bash-completion" "complete -F _anvil anvil" "$(bash --norc --noprofile -c '
      . /usr/share/bash-completion/bash_completion; . "$1"; complete -p anvil' bash "$dir/anvil.bash" 2>&1)"
  else
    skip "bash: bash-completion is not installed (apt-get install bash-completion)"
  fi
else
  skip "bash: not installed"
fi

# zsh: no compinit; a stub compadd prints the candidates, a stub _files says it ran.
zsh_complete() {
  zsh -f -c '
    source "$1" || exit 1
    shift
    compadd() { while [[ $1 == -* && $1 != -- ]]; do shift; done; [[ $1 == -- ]] && shift; print -rl -- "$@"; }
    _files() { print -r -- _files; }
    words=(anvil "$@")
    CURRENT=$#words
    _anvil' zsh "$dir/_anvil" "$@" 2>&1 | flat
}

if command -v zsh >/dev/null 2>&1; then
  check "zsh: anvil <TAB>" "$top" "$(zsh_complete '')"
  check "zsh: anvil ip-plan <TAB>" "$ip_plan" "$(zsh_complete ip-plan '')"
  check "zsh: anvil ip-plan show --<TAB>" "$show_opts" "$(zsh_complete ip-plan show --)"
  check "zsh: anvil --color <TAB>" "always auto never" "$(zsh_complete --color '')"
  check "zsh: anvil --color=a<TAB>" "--color=always --color=auto" "$(zsh_complete --color=a)"
  check "zsh: anvil ip-plan set an-node01.<TAB>" "$node_keys" "$(zsh_complete ip-plan set an-node01.)"
  check "zsh: anvil ip-plan set sn.<TAB> (bond-options too)" "$(net_keys sn)" "$(zsh_complete ip-plan set sn.)"
  check "zsh: anvil ip-plan remove device <TAB>" "pdu1" "$(zsh_complete ip-plan remove device '')"
  check "zsh: anvil ip-plan remove vm <TAB>" "vm1" "$(zsh_complete ip-plan remove vm '')"
  check "zsh: anvil --ledger <TAB> (files)" "_files" "$(zsh_complete --ledger '')"
  check "zsh: anvil node <TAB>" "$node_cmds" "$(zsh_complete node '')"
  check "zsh: anvil node exec <TAB> (ledger nodes)" "$nodes" "$(zsh_complete node exec '')"
  check "zsh: anvil node ping <TAB>" "$nodes" "$(zsh_complete node ping '')"
  check "zsh: anvil node exec --all -- <TAB> (files, no nodes)" "_files" "$(zsh_complete node exec --all -- '')"
  check "zsh: anvil net <TAB>" "$net_cmds" "$(zsh_complete net '')"
  check "zsh: anvil net apply <TAB> (ledger nodes)" "$nodes" "$(zsh_complete net apply '')"
  check "zsh: anvil history undo <TAB> (run numbers)" "$runs" "$(zsh_complete history undo '')"
  check "zsh: anvil history diff <TAB> (run numbers)" "$runs" "$(zsh_complete history diff '')"
else
  skip "zsh: not installed (apt-get install zsh)"
fi

# fish: its own completion engine, asked with `complete -C`.
fish_complete() {
  fish --no-config -c 'source $argv[1]; or exit 1; complete -C$argv[2]' "$dir/anvil.fish" "$1" 2>&1 | cut -f1 | LC_ALL=C sort | flat  # fish orders candidates its own way
}

if command -v fish >/dev/null 2>&1; then
  check "fish: anvil <TAB>" "$top" "$(fish_complete 'anvil ')"
  check "fish: anvil ip-plan <TAB>" "$ip_plan" "$(fish_complete 'anvil ip-plan ')"
  check "fish: anvil ip-plan show --<TAB>" "$show_opts" "$(fish_complete 'anvil ip-plan show --')"
  check "fish: anvil --color=a<TAB>" "--color=always --color=auto" "$(fish_complete 'anvil --color=a')"
  check "fish: anvil ip-plan set an-node01.<TAB>" "$node_keys" "$(fish_complete 'anvil ip-plan set an-node01.')"
  check "fish: anvil ip-plan set ifn.<TAB> (bond-options too)" "$(net_keys ifn)" "$(fish_complete 'anvil ip-plan set ifn.')"
  check "fish: anvil ip-plan remove vm <TAB>" "vm1" "$(fish_complete 'anvil ip-plan remove vm ')"
  check "fish: anvil --ledger <TAB> (files)" "$work/files/ledger-a.db" "$(fish_complete "anvil --ledger $work/files/led")"
  check "fish: anvil node <TAB>" "$node_cmds" "$(fish_complete 'anvil node ')"
  check "fish: anvil node exec <TAB> (ledger nodes)" "$nodes" "$(fish_complete 'anvil node exec ')"
  check "fish: anvil node set <TAB>" "$nodes" "$(fish_complete 'anvil node set ')"
  check "fish: anvil node exec --all -- <TAB> (files, no nodes)" "$work/files/ledger-a.db" "$(fish_complete "anvil node exec --all -- $work/files/led")"
  check "fish: anvil net <TAB>" "$net_cmds" "$(fish_complete 'anvil net ')"
  check "fish: anvil net apply <TAB> (ledger nodes)" "$nodes" "$(fish_complete 'anvil net apply ')"
  check "fish: anvil history <TAB>" "$history_cmds" "$(fish_complete 'anvil history ')"
  check "fish: anvil history undo <TAB> (run numbers)" "$runs" "$(fish_complete 'anvil history undo ')"
else
  skip "fish: not installed (apt-get install fish)"
fi

# Latency is measured in bench/latency.sh, not asserted here: timings on a
# shared CI machine make flaky tests.

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
