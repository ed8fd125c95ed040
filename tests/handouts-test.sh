#!/usr/bin/env bash
# The lab handouts stay true (issue 20): every ```console block of
# docs/labs/*.md is run, in order, as a student would type it, and every
# output line the sheet promises must be in what the command really printed.
# The convention, and how the test departs from a student's terminal (its
# own ports, a checkout made of links), are in docs/labs/README.md.
#   usage: handouts-test.sh path/to/glass [SHEET.md…]   (default: every sheet)
set -u
GLASS=$(realpath "${1:?usage: handouts-test.sh path/to/glass}")
HERE="$(cd "$(dirname "$0")" && pwd)"
REPO=$(dirname "$HERE")
LABS="$REPO/docs/labs"
. "$HERE/lib.sh"
NEXT_PORT=$(first_port $(($$ * 53)))
# HANDOUTS_KEEP=DIR keeps every command's real output there (DIR/SHEET/out.N, the
# command in DIR/SHEET.items/N.cmd, the seconds it took in N.seconds): what an
# instructor reads to check the notes.
if [ -n "${HANDOUTS_KEEP:-}" ]; then
    WORK=$(realpath -m "$HANDOUTS_KEEP") && rm -rf "$WORK" && mkdir -p "$WORK"
else
    WORK=$(mktemp -d)
    trap 'rm -rf "$WORK"' EXIT
fi
FOREGROUND_LIMIT=30   # seconds a command may run (a hang guard, not an assertion)
BACKGROUND_WAIT=15    # seconds a background command has to print what the sheet shows

# parse SHEET OUTDIR: one item per "$ " line of a ```console block: OUTDIR/N.cmd
# (the command, with its continuation lines), OUTDIR/N.exp (the lines shown under
# it), OUTDIR/N.line (its line in the sheet); prints how many.
parse() {
    awk -v out="$2" '
        function flush() { if (n) { printf "%s", cmd > (out "/" n ".cmd"); close(out "/" n ".cmd"); close(out "/" n ".exp") } }
        /^```console[ \t]*$/ { inblock = 1; cont = 0; next }
        /^```/ && inblock { inblock = 0; next }
        !inblock { next }
        cont { cont = /\\$/; cmd = cmd "\n" $0; next }
        /^\$ / { flush(); n++; cmd = substr($0, 3); cont = /\\$/
                 printf "%d\n", NR > (out "/" n ".line"); close(out "/" n ".line")
                 printf "" > (out "/" n ".exp"); next }
        n { sub(/[ \t\r]+$/, ""); print > (out "/" n ".exp") }
        END { flush(); print n + 0 }' "$1"
}

# free_port: NEXT_PORT becomes the next port nobody answers on.
free_port() {
    while NEXT_PORT=$((NEXT_PORT + 1)) && (exec 3<>"/dev/tcp/127.0.0.1/$NEXT_PORT") 2>/dev/null; do :; done
}

# ports DIR: the sheet's ports are the numbers it assigns to variables on a
# line of its own (PORT=4433 BANK=4434); each is given one of ours, written as
# "NNNN OURS" lines to DIR/ports.
ports() {
    local f n
    : >"$1/ports"
    for f in "$1"/*.cmd; do
        grep -qE '^([A-Za-z_][A-Za-z0-9_]*=[^ ]* *)+$' "$f" || continue
        for n in $(grep -oE '\b[A-Z][A-Z0-9_]*=[0-9]{4,5}\b' "$f" | cut -d= -f2); do
            grep -q "^$n " "$1/ports" && continue
            free_port
            echo "$n $NEXT_PORT" >>"$1/ports"
        done
    done
}

# substitute DIR: every sheet port number, as a word, replaced by ours in the commands and the expected lines.
substitute() {
    local from to f
    while read -r from to; do
        for f in "$1"/*.cmd "$1"/*.exp; do sed -i -E "s/\b$from\b/$to/g" "$f"; done
    done <"$1/ports"
}

# pattern LINE: the expected line as a bash pattern — literal, except that
# "..." stands for any text.
pattern() {
    local p=$1
    p=${p//\\/\\\\}; p=${p//\*/\\*}; p=${p//\?/\\?}; p=${p//\[/\\[}
    printf '%s' "${p//.../*}"
}

# matches EXP OUT: the expected lines are in the output in order, each run of
# lines between two "..." lines consecutively (a "..." line skips any number
# of lines; the output may have more before the first line and after the last).
matches() {
    local -a exp out
    mapfile -t exp <"$1"
    mapfile -t out < <(sed -e 's/\r$//' -e 's/[ \t]*$//' "$2")
    local e=0 o=0 start k
    while [ "$e" -lt "${#exp[@]}" ]; do
        [ "${exp[e]}" = "..." ] && { e=$((e + 1)); continue; }
        local end=$e   # this run of lines: exp[e..end)
        while [ "$end" -lt "${#exp[@]}" ] && [ "${exp[end]}" != "..." ]; do end=$((end + 1)); done
        for ((start = o; start + end - e <= ${#out[@]}; start++)); do
            for ((k = 0; e + k < end; k++)); do
                [[ ${out[start + k]} == $(pattern "${exp[e + k]}") ]] || continue 2
            done
            break
        done
        [ "$start" -gt "$((${#out[@]} - (end - e)))" ] && return 1
        o=$((start + end - e))
        e=$end
    done
}

# wait_gone PID SECONDS: waits for the job, killing its process group at the deadline; its exit status.
wait_gone() {
    local pid=$1 i
    for ((i = 0; i < $2 * 10; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && { echo "(killed after $2 s: the command did not end)" >>"$OUT"; kill -- -"$pid" 2>/dev/null; }
    wait "$pid"
}

# background CMD EXP: starts CMD (its "&" dropped) as a job of its own, and waits until
# its output shows the lines EXP lists (or it ends); rc is its status if it has ended.
background() {
    local k bg
    eval "( ${1%&*} )" >"$OUT" 2>&1 </dev/null &
    bg=$!
    JOBS+=("$bg")
    for ((k = 0; k < BACKGROUND_WAIT * 10; k++)); do
        matches "$2" "$OUT" && break
        kill -0 "$bg" 2>/dev/null || { sleep 0.1; break; }
        sleep 0.1
    done
    rc=0
    kill -0 "$bg" 2>/dev/null || { wait "$bg"; rc=$?; }
    [ -s "$2" ] || sleep 0.5   # nothing to wait for: give it a moment
}

# run_command DIR I LABEL: item I of the sheet, judged: its output (OUT) against the lines shown.
run_command() {
    local cmd shown="$1/$2.exp" began=$EPOCHREALTIME
    cmd=$(cat "$1/$2.cmd")
    : >"$OUT"
    if [[ $cmd =~ (\&\&|\;|\|)\ *cd\  ]]; then
        bad "$3" "a cd must be a line of its own: only then does the test run it in its own shell, as the student's"
        return
    elif [[ $cmd =~ ^(cd|alias|export|unalias)\  ]] || [[ $cmd =~ ^([A-Za-z_][A-Za-z0-9_]*=[^ ]*\ *)+$ ]]; then
        eval "$cmd" >"$OUT" 2>&1; rc=$?       # changes this shell, as it would the student's
    elif [[ $cmd =~ \&[[:space:]]*$ ]]; then
        background "$cmd" "$shown"
    else
        eval "( $cmd )" >"$OUT" 2>&1 </dev/null &
        wait_gone $! "$FOREGROUND_LIMIT"; rc=$?
    fi
    echo "$began $EPOCHREALTIME" | awk '{ printf "%.2f\n", $2 - $1 }' >"$1/$2.seconds"
    if [ -s "$shown" ]; then
        if matches "$shown" "$OUT"; then ok "$3"
        else bad "$3" "$(printf 'expected:\n%s\nbut it printed (exit %s):\n%s' "$(cat "$shown")" "$rc" "$(head -40 "$OUT")")"; fi
    elif [ "$rc" -eq 0 ]; then ok "$3"
    else bad "$3 (it shows no output, so it must succeed)" "exit $rc: $(head -10 "$OUT")"; fi
}

# run_sheet SHEET: in a scratch checkout (build/, docs/, src/, tests/ as links), each command in turn,
# in this shell (so that cd, alias and variables carry over, as in a terminal); then its background jobs stopped.
run_sheet() {
    local sheet=$1 name items dir co i bg label
    name=$(basename "$sheet" .md)
    dir="$WORK/$name.items"
    co="$WORK/$name/checkout"
    mkdir -p "$dir" "$co"
    items=$(parse "$sheet" "$dir")
    [ "$items" -ge 3 ] || { bad "$name: the sheet has console blocks to run" "found $items commands"; return; }
    ports "$dir"
    substitute "$dir"
    ln -s "$(dirname "$GLASS")" "$co/build"
    for d in docs src tests; do ln -s "$REPO/$d" "$co/$d"; done
    cd "$co" || return
    JOBS=()
    set -m   # each job its own process group: stopping one stops its children (a pipeline, a server's workers)
    shopt -s expand_aliases
    for ((i = 1; i <= items; i++)); do
        OUT="$WORK/$name/out.$i"
        label="$name.md:$(cat "$dir/$i.line"): \$ $(head -1 "$dir/$i.cmd")"
        run_command "$dir" "$i" "$label"
    done
    for bg in "${JOBS[@]}"; do kill -- -"$bg" 2>/dev/null; done
    for bg in "${JOBS[@]}"; do wait "$bg" 2>/dev/null; done
    set +m
    cd "$WORK" || return
}

# The matcher itself, on a known output: what it must accept and what it must refuse.
printf 'Protocol : TLS 1.2\nCipher suite : X\nVerification : ok\n' >"$WORK/self.out"
expect_match() {   # name yes|no expected-lines…
    local name=$1 want=$2 got=no
    shift 2
    printf '%s\n' "$@" >"$WORK/self.exp"
    matches "$WORK/self.exp" "$WORK/self.out" && got=yes
    check "the matcher: $name" test "$got" = "$want"
}
expect_match "consecutive lines are found" yes "Cipher suite : X" "Verification : ok"
expect_match "lines with one left out between them need a ... line" no "Protocol : TLS 1.2" "Verification : ok"
expect_match "... skips lines" yes "Protocol : TLS 1.2" "..." "Verification : ok"
expect_match "... inside a line is any text" yes "Protocol...1.2"
expect_match "a line is matched whole" no "Protocol"
expect_match "the order counts" no "Verification : ok" "..." "Protocol : TLS 1.2"
expect_match "a glob character in the sheet is literal" no "Protocol * TLS 1.2"

sheets=0
SHEETS=()
if [ $# -gt 1 ]; then
    for s in "${@:2}"; do SHEETS+=("$(realpath "$s")"); done
else
    for s in "$LABS"/*.md; do [ "${s##*/}" = README.md ] || SHEETS+=("$s"); done   # README shows the convention, it is no lab
fi
for sheet in "${SHEETS[@]}"; do
    if ! grep -qs '^```console' "$sheet"; then
        [ $# -gt 1 ] && bad "$sheet has console blocks to run"   # named on the command line, so meant to
        continue
    fi
    sheets=$((sheets + 1))
    echo "# $(basename "$sheet")"
    started=$SECONDS
    run_sheet "$sheet"
    echo "# $(basename "$sheet"): $((SECONDS - started)) s"
done
[ $# -gt 1 ] || check "the three handouts were found (docs/labs/*.md with console blocks)" test "$sheets" -ge 3
# questions() FILE: the question numbers it has (**Q1.2**), one a line.
questions() { grep -oE '^\*\*Q[0-9]+\.[0-9]+\*\*' "$1" | sort; }
for sheet in "${SHEETS[@]}"; do
    notes="$(dirname "$sheet")/instructor/$(basename "$sheet")"
    [ -f "$sheet" ] && grep -qs '^```console' "$sheet" || continue
    if [ "$(questions "$sheet")" = "$(questions "$notes" 2>/dev/null)" ] && [ -n "$(questions "$sheet")" ]; then
        ok "instructor/$(basename "$sheet") answers every question of the sheet, and no other"
    else
        bad "instructor/$(basename "$sheet") answers every question of the sheet, and no other" \
            "$(diff <(questions "$sheet") <(questions "$notes" 2>/dev/null))"
    fi
done
for f in "$LABS"/instructor/*.md; do
    check "$(basename "$f") (instructor notes) holds no console block to run" bash -c '! grep -q "^\`\`\`console" "$1"' _ "$f"
done
finish
