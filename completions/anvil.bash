# bash completion for anvil.                                  -*- shell-script -*-
# Install as /usr/share/bash-completion/completions/anvil, or source it.
# The candidates come from the anvil on PATH: `anvil __complete WORDS... CURRENT`.

_anvil() {
    local words=() i w cur prev= opt out
    # bash splits `--color=al` into `--color` `=` `al` (COMP_WORDBREAKS):
    # glue such words back, since anvil wants the word as typed.
    for ((i = 1; i <= COMP_CWORD; i++)); do
        w=${COMP_WORDS[i]}
        if ((${#words[@]})) && [[ ${words[-1]} == -* ]] &&
            { [[ $w == = && ${words[-1]} != *=* ]] || [[ ${words[-1]} == *= ]]; }; then
            words[-1]+=$w
        else
            words+=("$w")
        fi
    done
    cur=${words[-1]}
    ((${#words[@]} > 1)) && prev=${words[-2]}
    COMPREPLY=()

    # After `--` come the words of a command for the nodes (`anvil node exec
    # NODE -- COMMAND...`): nothing of anvil's to offer there, only files.
    for w in "${words[@]:0:${#words[@]}-1}"; do
        if [[ $w == -- ]]; then
            compopt -o filenames 2>/dev/null
            mapfile -t COMPREPLY < <(compgen -f -- "$cur")
            return
        fi
    done

    if [[ $prev == --ledger || $cur == --ledger=* ]]; then
        compopt -o filenames 2>/dev/null
        mapfile -t COMPREPLY < <(compgen -f -- "${cur#--ledger=}")
    elif [[ $cur == -*=* ]]; then
        opt=${cur%%=*}
        out=$(command anvil __complete "${words[@]:0:${#words[@]}-1}" "$opt" "${cur#*=}" 2>/dev/null)
        [[ -n $out ]] && mapfile -t COMPREPLY <<<"$out"
    else
        out=$(command anvil __complete "${words[@]}" 2>/dev/null)
        [[ -n $out ]] && mapfile -t COMPREPLY <<<"$out"
        return
    fi
    # After `--opt=`, bash replaces only what follows the `=` when `=` is in
    # COMP_WORDBREAKS (the default); otherwise it replaces the whole word.
    if [[ $cur == *=* && $COMP_WORDBREAKS != *=* ]]; then
        COMPREPLY=("${COMPREPLY[@]/#/${cur%%=*}=}")
    fi
}

complete -F _anvil anvil
