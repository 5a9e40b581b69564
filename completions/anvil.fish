# fish completion for anvil: install as ~/.config/fish/completions/anvil.fish
# (or source it). The candidates come from the anvil on PATH:
# `anvil __complete WORDS... CURRENT`.

function __anvil_complete
    set -l words (commandline -opc)[2..-1]
    set -l cur (commandline -ct)
    # After `--` come the words of a command for the nodes (`anvil node exec
    # NODE -- COMMAND...`): nothing of anvil's to offer there, only files.
    if contains -- -- $words
        __fish_complete_path $cur
    else if test "$words[-1]" = --ledger
        __fish_complete_path $cur
    else if string match -q -- '--ledger=*' $cur
        __fish_complete_path (string replace -- --ledger= '' $cur) | string replace -r -- '^' --ledger=
    else if string match -qr -- '^-[^=]*=' $cur
        set -l opt (string replace -r -- '=.*' '' $cur)
        command anvil __complete $words $opt (string replace -r -- '^[^=]*=' '' $cur) 2>/dev/null |
            string replace -r -- '^' "$opt="
    else
        command anvil __complete $words $cur 2>/dev/null
    end
end

complete -c anvil -f -a '(__anvil_complete)'
