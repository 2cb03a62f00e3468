#!/bin/sh
# Runs the same commands with two builds of vnlab and compares every output file byte for byte,
# except the wall-clock "seconds" fields and columns. Used to check that a refactoring changes no
# number.
#   scripts/compare-builds.sh run  JAR DIR      run every case with JAR, outputs under DIR/<case>/out
#   scripts/compare-builds.sh diff DIR_A DIR_B  compare two such directories; exit 1 on a difference
# Environment: JAVA (default: java on PATH), DATA (an IDX directory, e.g. Fashion-MNIST, for the
# cases that need images; they are skipped without it), SET (reduced, the default: small
# settings; quick: every command's quick preset as it is).
set -eu
JAVA=${JAVA:-java}

# One case a line: a name, then the command and its options. Small settings keep it to minutes;
# inputs not a multiple of the batch exercise the short last batch.
cases() {
    if [ "${SET:-reduced}" = quick ]; then
        for c in depth demo heatmap spectrum gradients xor; do echo "$c $c --preset quick"; done
        echo "theory theory"
        if [ -n "${DATA:-}" ]; then
            echo "train train --preset quick --data $DATA"
            echo "grid grid --preset quick --data $DATA"
        fi
        return
    fi
    cat <<CASES
depth depth --preset quick --widths 20,30 --depths 2,5,9 --nets 2 --inputs 250 --batch 100 --jacobian-inputs 6 --probes 8
depth-exact depth --preset quick --widths 20 --depths 1,4,7 --nets 2 --inputs 130 --batch 50 --jacobian-inputs 5 --probes 0
depth-relu depth --preset quick --activation relu --sigma-w2 2.5 --widths 16 --depths 2,6 --nets 2 --inputs 90 --batch 40 --jacobian-inputs 3 --probes 0
demo demo --preset quick --widths 24 --depths 3,6 --nets 2 --inputs 120
heatmap heatmap --preset quick --depth-row-width 20 --depth-row-depths 3,8 --width-row-depth 6 --width-row-widths 8,16 --inputs 210 --batch 100
spectrum spectrum --preset quick --widths 12,40 --depths 3,9 --nets 2 --inputs 150 --batch 60 --jacobian-inputs 3 --exact-width-limit 20 --probes 6
spectrum-nofp spectrum --preset quick --activation relu --sigma-w2 2.5 --widths 12 --depths 4 --nets 1 --inputs 50 --jacobian-inputs 2
gradients gradients --preset quick --width 20 --depths 3,8 --nets 2 --inputs 120 --gradient-inputs 30 --batch 25
xor xor --preset quick --depths 2,5 --widths 8 --runs 2 --steps 300
theory theory --widths 50,200 --depths 5:40:5
theory-nofp theory --activation relu --sigma-w2 2.5 --widths 50 --depths 5,10
CASES
    if [ -n "${DATA:-}" ]; then
        cat <<CASES
depth-images depth --preset quick --data $DATA --widths 20 --depths 2,5 --nets 2 --inputs 150 --batch 64 --jacobian-inputs 4 --probes 6
heatmap-images heatmap --preset quick --data $DATA --depth-row-width 16 --depth-row-depths 3,6 --width-row-depth 4 --width-row-widths 8,16 --inputs 150 --batch 64
train train --preset quick --data $DATA --train-images 600 --test-images 200 --probe-images 150 --depth 6 --width 32 --runs 1 --epochs 2
grid grid --preset quick --data $DATA --train-images 400 --probe-images 100 --depths 3,6 --width 24 --runs 1 --epochs 2
CASES
    fi
}

# A file with the "seconds" JSON fields and CSV columns blanked; the lines of a results log
# (cells*.jsonl) sorted, as cells run concurrently finish in any order.
without_seconds() {
    case "$1" in
        *.csv) tr -d '\r' <"$1" | awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "seconds") s = i } { if (s) $s = ""; print }' OFS=, ;;
        *.jsonl) sed -E 's/("seconds": ?)[-0-9.eE+]+/\1-/g' "$1" | sort ;;
        *) sed -E 's/("seconds": ?)[-0-9.eE+]+/\1-/g; s/(seconds[^0-9]{0,4})[0-9.]+/\1-/g' "$1" ;;
    esac
}

case "${1:-}" in
run)
    jar=$(readlink -f "$2"); root=$3
    mkdir -p "$root"
    cases | while read -r name cmd opts; do
        mkdir -p "$root/$name"
        # shellcheck disable=SC2086
        (cd "$root/$name" && "$JAVA" --add-modules jdk.incubator.vector -XX:+UseParallelGC -Xss8m -jar "$jar" $cmd $opts --out out --quiet \
            >stdout.txt 2>stderr.txt; echo $? >rc.txt)
        echo "$name: exit $(cat "$root/$name/rc.txt")"
    done ;;
diff)
    a=$2; b=$3; bad=0
    for f in $(cd "$a" && find . -type f | sort); do
        case "$f" in */stderr.txt) continue ;; esac
        if [ ! -f "$b/$f" ]; then echo "only in $a: $f"; bad=1; continue; fi
        cmp -s "$a/$f" "$b/$f" && continue
        if [ "$(without_seconds "$a/$f" | md5sum)" = "$(without_seconds "$b/$f" | md5sum)" ]; then
            echo "same but for seconds: $f"
        else
            echo "DIFFERENT: $f"; bad=1
        fi
    done
    for f in $(cd "$b" && find . -type f | sort); do
        [ -f "$a/$f" ] || { echo "only in $b: $f"; bad=1; }
    done
    [ $bad = 0 ] && echo "all outputs identical (seconds aside)"
    exit $bad ;;
*) sed -n '2,8p' "$0"; exit 2 ;;
esac
