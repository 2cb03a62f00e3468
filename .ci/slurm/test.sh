#!/usr/bin/env bash
# Integration test of the README's Slurm job-array recipe ("Sweeps: shards, resume, merge") on a
# real single-node Slurm started here: ./vnlab test --slurm (CI: .ci/run). Needs root.
#
#  1. Installs slurm-wlm and munge if missing (Debian), starts munged, slurmctld and slurmd for
#     this machine from .ci/slurm/slurm.conf.in, everything in a temporary directory.
#  2. Submits a small depth sweep as a 4-task job array into one shared --out directory.
#  3. Kills one task with SIGKILL (scancel --batch --signal=KILL) once it has recorded some but
#     not all of its cells, lets the other tasks finish, re-submits the killed task alone (sbatch
#     --array=K), and checks that it resumed: no cell lost, none computed twice.
#  4. Checks that the outputs the last task wrote, and those ./vnlab merge writes, equal a
#     single-process run of the same sweep byte for byte.
#
# Every wait is bounded; on exit (pass, fail or interrupt) the jobs are cancelled, the daemons
# it started are stopped and the temporary directory is removed. The last line is
# "slurm: 1 passed, 0 failed" or "slurm: 0 passed, 1 failed"; the exit code is non-zero on failure.
# VNLAB_SLURM_KEEP=1 keeps the temporary directory (logs, outputs) for a post-mortem.
set -euo pipefail

[ $# -eq 0 ] || { echo "usage: .ci/slurm/test.sh (no arguments; or ./vnlab test --slurm)" >&2; echo "slurm: 0 passed, 1 failed"; exit 2; }

repo=$(cd "$(dirname "$0")/../.." && pwd)
conf_in="$repo/.ci/slurm/slurm.conf.in"

SHARDS=4            # array tasks 0..3, one shard each
KILLED=1            # the task killed mid-run and re-submitted
# The sweep: 2 widths x 8 networks = 16 cells, 4 per shard, each cell about a second or more on
# one thread, so a task can be caught between its first and its last cell.
SWEEP=(--widths 200,250 --depths 10:100:10 --nets 8 --inputs 1000 --jacobian-inputs 4 --probes 16 --seed 7)
CELLS=16
PER_SHARD=$((CELLS / SHARDS))

CLIENT_TIMEOUT=30   # seconds for any one Slurm client command
START_TIMEOUT=90    # daemons up and the node idle
RUN_TIMEOUT=300     # a job (or the array) from submission to its end
CATCH_TIMEOUT=240   # the killed task reaching 1..PER_SHARD-1 recorded cells

log() { printf 'slurm: [%3d s] %s\n' $((SECONDS - started)) "$*"; }
reason=""
fail() { reason="$*"; printf 'slurm: FAIL: %s\n' "$*" >&2; exit 1; }

tmp=""
installed_policy=0
pids=()             # munged, slurmctld, slurmd, in start order
names=(munged slurmctld slurmd)
passed=0
started=$SECONDS

# --- cleanup: always, on any exit -------------------------------------------------------------

# Pids of processes whose environment names this run's directory: the jobs' shells and JVMs
# (sbatch passes SLURM_CONF on) and the slurmstepds (they inherit slurmd's SLURM_CONF).
run_processes() {
    local p
    [ -n "$tmp" ] || return 0
    for p in /proc/[0-9]*; do
        p=${p#/proc/}
        [ "$p" != $$ ] || continue
        if tr '\0' '\n' 2>/dev/null < "/proc/$p/environ" | grep -xF "SLURM_CONF=$tmp/slurm.conf" >/dev/null; then
            echo "$p"
        fi
    done
}

stop_pid() {   # stop_pid PID NAME: SIGTERM, up to 15 s, then SIGKILL
    local pid=$1 name=$2 i
    kill -0 "$pid" 2>/dev/null || return 0
    kill -TERM "$pid" 2>/dev/null || true
    for i in $(seq 1 150); do
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.1
    done
    echo "slurm: $name (pid $pid) did not stop on SIGTERM within 15 s; sending SIGKILL" >&2
    kill -KILL "$pid" 2>/dev/null || true
    sleep 0.5
    ! kill -0 "$pid" 2>/dev/null
}

cleanup() {
    local ok=0 i p left
    if [ -n "$tmp" ] && [ -f "$tmp/slurm.conf" ] && [ ${#pids[@]} -ge 2 ] && kill -0 "${pids[1]}" 2>/dev/null; then
        timeout 10 scancel --quiet --user=root >/dev/null 2>&1 || true
        for i in $(seq 1 50); do
            [ -z "$(timeout 5 squeue -h -o %i 2>/dev/null || true)" ] && break
            sleep 0.2
        done
    fi
    # slurmd before slurmctld before munged, the reverse of their start.
    for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
        stop_pid "${pids[i]}" "${names[i]}" || ok=1
        wait "${pids[i]}" 2>/dev/null || true
    done
    left=$(run_processes)
    if [ -n "$left" ]; then
        echo "slurm: stopping leftover job processes: $(echo $left)" >&2
        for p in $left; do kill -KILL "$p" 2>/dev/null || true; done
        sleep 0.5
        [ -z "$(run_processes)" ] || { echo "slurm: processes of this run are still alive: $(echo $(run_processes))" >&2; ok=1; }
    fi
    if [ "$installed_policy" = 1 ]; then rm -f /usr/sbin/policy-rc.d; fi
    if [ -n "$tmp" ] && [ -d "$tmp" ]; then
        if [ "${VNLAB_SLURM_KEEP:-0}" = 1 ]; then
            echo "slurm: kept $tmp" >&2
        else
            rm -rf "$tmp"
        fi
    fi
    return $ok
}

on_exit() {
    local rc=$?
    trap - EXIT INT TERM
    if [ $rc -ne 0 ] && [ -n "$tmp" ] && [ -d "$tmp/log" ]; then
        for f in "$tmp"/log/*.log "$tmp"/jobs/*.out; do
            [ -s "$f" ] || continue
            echo "----- last lines of ${f#"$tmp"/}" >&2
            tail -n 15 "$f" >&2
        done
    fi
    cleanup || { echo "slurm: FAIL: cleanup could not stop everything it started" >&2; rc=1; }
    if [ $rc -eq 0 ] && [ "$passed" = 1 ]; then
        log "PASS: job array with a task killed (SIGKILL) mid-run and re-submitted; merge equals a single-process run byte for byte"
        echo "slurm: 1 passed, 0 failed"
        exit 0
    fi
    log "FAIL: ${reason:-exit code $rc}"
    echo "slurm: 0 passed, 1 failed"
    exit 1
}
trap on_exit EXIT
trap 'echo "slurm: interrupted" >&2; exit 130' INT TERM

# --- packages ---------------------------------------------------------------------------------

[ "$(id -u)" = 0 ] || fail "needs root (it installs packages and runs slurmctld, slurmd and munged); run it as root, as CI does"

missing=()
for c in slurmctld slurmd sbatch; do command -v "$c" >/dev/null 2>&1 || { missing+=(slurm-wlm); break; }; done
command -v munged >/dev/null 2>&1 || missing+=(munge)
if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]}"
    # Keep the packages' init scripts from starting daemons with the system configuration:
    # this test starts its own.
    if [ ! -e /usr/sbin/policy-rc.d ]; then
        printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
        chmod 755 /usr/sbin/policy-rc.d
        installed_policy=1
    fi
    export DEBIAN_FRONTEND=noninteractive
    timeout 600 apt-get update -qq || fail "apt-get update failed"
    timeout 600 apt-get install -y -qq --no-install-recommends slurm-wlm munge >/dev/null || fail "apt-get install slurm-wlm munge failed"
    if [ "$installed_policy" = 1 ]; then rm -f /usr/sbin/policy-rc.d; installed_policy=0; fi
fi
for c in slurmctld slurmd slurmstepd sbatch squeue sinfo scancel scontrol munged; do
    command -v "$c" >/dev/null 2>&1 || fail "$c not found after installing slurm-wlm and munge"
done
log "$(slurmd -V), $(munged -V 2>&1 | head -n 1)"

# --- the cluster: munged, slurmctld, slurmd ---------------------------------------------------

tmp=$(mktemp -d /tmp/vnlab-slurm.XXXXXX)
chmod 711 "$tmp"     # munged wants its socket's directories searchable by everyone
mkdir -p "$tmp/munge" "$tmp/state" "$tmp/spool" "$tmp/log" "$tmp/jobs"
chmod 711 "$tmp/munge"
: > "$tmp/plugstack.conf"

# A free TCP port on this machine, above 20000 (nothing accepts a connection on it).
free_port() {
    local p tries
    for tries in $(seq 1 200); do
        p=$((20000 + RANDOM % 30000))
        [ "$p" != "${1:-0}" ] || continue
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return 0; fi
    done
    return 1
}
ctld_port=$(free_port) || fail "no free TCP port found"
slurmd_port=$(free_port "$ctld_port") || fail "no free TCP port found"

# A key of this run's own for a munged of its own (own socket): nothing of the system's MUNGE
# (its key, its socket, a munged that may be running) is used or changed.
if command -v mungekey >/dev/null 2>&1; then
    mungekey --create --keyfile="$tmp/munge/munge.key" >/dev/null 2>&1 || fail "mungekey could not create a key"
else
    dd if=/dev/urandom of="$tmp/munge/munge.key" bs=1024 count=1 status=none
fi
chmod 600 "$tmp/munge/munge.key"
munge_socket="$tmp/munge/munge.socket"
munged --foreground --socket="$munge_socket" --key-file="$tmp/munge/munge.key" --log-file="$tmp/log/munged.log" \
    --pid-file="$tmp/munge/munged.pid" --seed-file="$tmp/munge/munged.seed" >"$tmp/log/munged.out" 2>&1 &
pids+=($!)
for i in $(seq 1 100); do [ -S "$munge_socket" ] && break; kill -0 "${pids[0]}" 2>/dev/null || break; sleep 0.1; done
[ -S "$munge_socket" ] || fail "munged did not start (its log follows)"
echo probe | timeout 10 munge --socket="$munge_socket" | timeout 10 unmunge --socket="$munge_socket" >/dev/null \
    || fail "munged runs but a credential does not round-trip"

# The node as slurmd sees it (CPUs, sockets, cores, threads, memory); NodeName is ours.
hostname_=$(hostname 2>/dev/null || uname -n)
hostname_=${hostname_%%.*}
node=$hostname_
hw=$(slurmd -C 2>/dev/null | head -n 1 | tr ' ' '\n' | grep -E '^(CPUs|Boards|SocketsPerBoard|CoresPerSocket|ThreadsPerCore|RealMemory)=' | paste -sd ' ' || true)
case "$hw" in
    *CPUs=*RealMemory=*) ;;
    *) hw="CPUs=$(nproc) RealMemory=$(( $(sed -n 's/^MemTotal: *\([0-9]*\) kB/\1/p' /proc/meminfo) / 1024 ))" ;;
esac
ncpu=$(echo "$hw" | sed -n 's/.*CPUs=\([0-9]*\).*/\1/p')
mkdir -p "$tmp/spool/slurmd-$node"
sed -e "s|@NODE@|$node|g" -e "s|@HOSTNAME@|$hostname_|g" -e "s|@NODE_HW@|$hw|g" -e "s|@RUN@|$tmp|g" \
    -e "s|@MUNGE_SOCKET@|$munge_socket|g" -e "s|@CTLD_PORT@|$ctld_port|g" -e "s|@SLURMD_PORT@|$slurmd_port|g" \
    "$conf_in" > "$tmp/slurm.conf"
grep -q '@[A-Z_]*@' "$tmp/slurm.conf" && fail "slurm.conf has unfilled fields: $(grep -o '@[A-Z_]*@' "$tmp/slurm.conf" | sort -u | tr '\n' ' ')"
export SLURM_CONF="$tmp/slurm.conf"
# Nothing of an outer Slurm job may leak into the ones submitted here, nor into the single run.
for v in $(env | sed -n 's/^\(SLURM_[A-Z_]*\)=.*/\1/p'); do [ "$v" = SLURM_CONF ] || unset "$v"; done
unset JOB_COMPLETION_INDEX SBATCH_ARRAY_INX 2>/dev/null || true

slurmctld -D -i -f "$SLURM_CONF" >"$tmp/log/slurmctld.out" 2>&1 &
pids+=($!)
slurmd -D -N "$node" -f "$SLURM_CONF" >"$tmp/log/slurmd.out" 2>&1 &
pids+=($!)

deadline=$((SECONDS + START_TIMEOUT))
state=""
while [ $SECONDS -lt $deadline ]; do
    kill -0 "${pids[1]}" 2>/dev/null || fail "slurmctld exited (its log follows)"
    kill -0 "${pids[2]}" 2>/dev/null || fail "slurmd exited (its log follows)"
    state=$(timeout "$CLIENT_TIMEOUT" sinfo -h -n "$node" -o %T 2>/dev/null || true)
    [ "$state" = idle ] && break
    sleep 0.5
done
[ "$state" = idle ] || fail "node $node not idle after ${START_TIMEOUT} s (sinfo says '${state:-nothing}')"
log "single-node Slurm up: node $node idle ($hw), slurmctld :$ctld_port, slurmd :$slurmd_port"

# --- the job array ----------------------------------------------------------------------------

cd "$repo"
# Build the jar once, before any task runs: the tasks must not race to build it.
timeout 600 ./vnlab info >/dev/null 2>"$tmp/log/build.log" || fail "./vnlab info (building the jar) failed: $(tail -n 20 "$tmp/log/build.log")"

shared="$tmp/shared"
# One CPU per task: several tasks run at once (two here on two CPUs), each runs its cells one
# after another, so the killed task spends a cell's time between each two of its records.
cpus=1
# The README's recipe, with the small sweep and this run's directory.
cat > "$tmp/jobs/sweep.sh" <<EOF
#!/bin/sh
#SBATCH --array=0-$((SHARDS - 1))
#SBATCH --cpus-per-task=$cpus
./vnlab depth ${SWEEP[*]} --shard-count $SHARDS --out "$shared" --threads "\$SLURM_CPUS_PER_TASK" --quiet
EOF

submit() {   # submit [sbatch options]: prints the job id
    timeout "$CLIENT_TIMEOUT" sbatch --parsable --job-name=vnlab-sweep --chdir="$repo" \
        --output="$tmp/jobs/%A_%a.out" "$@" "$tmp/jobs/sweep.sh" | cut -d ';' -f 1
}

# A field of a job or array task as scontrol shows it (JobState=COMPLETED, ExitCode=0:9, ...), or nothing.
job_field() {   # job_field JOB FIELD
    timeout "$CLIENT_TIMEOUT" scontrol -o show job "$1" 2>/dev/null | tr ' ' '\n' | sed -n "s/^$2=//p" | sed -n 1p || true
}

wait_gone() {   # wait_gone JOBID WHAT: until no task of the job is pending or running
    local deadline=$((SECONDS + RUN_TIMEOUT)) q
    while [ $SECONDS -lt $deadline ]; do
        q=$(timeout "$CLIENT_TIMEOUT" squeue -h -j "$1" -o %i 2>&1) || q="(squeue failed: $q)"
        [ -z "$q" ] && return 0
        sleep 0.5
    done
    fail "$2 still queued or running after ${RUN_TIMEOUT} s: $q"
}

# Complete lines of a results file (a torn last line, left by a kill mid-write, is not a record).
complete_lines() {
    [ -s "$1" ] || return 0
    if [ -z "$(tail -c 1 "$1")" ]; then cat "$1"; else sed '$d' "$1"; fi
}
recorded() {   # recorded FILE: the cells recorded in it
    complete_lines "$1" | grep -c '^{"key":' || true
}

job=$(submit) || fail "sbatch of the job array failed"
[ -n "$job" ] || fail "sbatch printed no job id"
log "submitted job array $job: $SHARDS tasks of a ${CELLS}-cell depth sweep, $cpus CPU each, into one directory"

kfile="$shared/cells-shard-$KILLED-of-$SHARDS.jsonl"
deadline=$((SECONDS + CATCH_TIMEOUT))
n=0
while :; do
    n=$(recorded "$kfile")
    [ "$n" -ge 1 ] && [ "$n" -lt "$PER_SHARD" ] && break
    st=$(job_field "${job}_$KILLED" JobState)
    if [ "$n" -ge "$PER_SHARD" ] || [ "$st" = COMPLETED ] || [ "$st" = FAILED ]; then
        fail "task $KILLED finished ($st, $n of $PER_SHARD cells) before it could be killed mid-run; the cells are too fast for this machine"
    fi
    [ $SECONDS -lt $deadline ] || fail "task $KILLED recorded no cell within ${CATCH_TIMEOUT} s (state ${st:-unknown})"
    sleep 0.1
done
# kill -9 of the running task. Slurm turns a plain "scancel --signal=KILL" into an ordinary
# cancel (SIGCONT, SIGTERM, SIGKILL after KillWait): the JVM would get SIGTERM first and could
# exit in order. --batch delivers the SIGKILL itself to the batch shell, and when the shell
# dies slurmstepd SIGKILLs the rest of its process group (the JVM): no SIGTERM reaches the JVM.
kid=$(job_field "${job}_$KILLED" JobId)
timeout "$CLIENT_TIMEOUT" scancel --batch --signal=KILL "${job}_$KILLED" || fail "scancel --batch --signal=KILL ${job}_$KILLED failed"
log "task $KILLED (job id $kid) sent SIGKILL after $n of its $PER_SHARD cells"

wait_gone "$job" "job array $job"
kstate=$(job_field "${job}_$KILLED" JobState)
kexit=$(job_field "${job}_$KILLED" ExitCode)
[ "$kstate" = FAILED ] && [ "$kexit" = 0:9 ] \
    || fail "killed task ${job}_$KILLED ended $kstate with exit code $kexit; expected FAILED with 0:9 (killed by signal 9)"
# No process of the killed task may outlive it (a JVM still appending would void the test).
for p in /proc/[0-9]*; do
    if tr '\0' '\n' 2>/dev/null < "$p/environ" | grep -xF "SLURM_JOB_ID=$kid" >/dev/null; then
        fail "process ${p#/proc/} of killed task $kid is still alive: $(tr '\0' ' ' 2>/dev/null < "$p/cmdline")"
    fi
done
n=$(recorded "$kfile")
[ "$n" -ge 1 ] && [ "$n" -lt "$PER_SHARD" ] || fail "killed task $KILLED recorded $n of $PER_SHARD cells; expected some but not all"
for t in $(seq 0 $((SHARDS - 1))); do
    [ "$t" = "$KILLED" ] && continue
    st=$(job_field "${job}_$t" JobState)
    [ "$st" = COMPLETED ] || fail "task ${job}_$t ended $st (exit $(job_field "${job}_$t" ExitCode)); expected COMPLETED. Its output: $(cat "$tmp/jobs/${job}_$t.out" 2>/dev/null)"
    m=$(recorded "$shared/cells-shard-$t-of-$SHARDS.jsonl")
    [ "$m" = "$PER_SHARD" ] || fail "task $t recorded $m cells in cells-shard-$t-of-$SHARDS.jsonl; expected $PER_SHARD"
done
# The sweep is incomplete: no task may have written the outputs.
[ ! -e "$shared/summary.json" ] || fail "$shared/summary.json exists while shard $KILLED is incomplete"
log "killed task ended FAILED (signal 9) with $n of $PER_SHARD cells; the other $((SHARDS - 1)) tasks COMPLETED; no outputs yet"

# Re-submit the killed task alone, as one does after a failure: the same script, --array=K.
declare -A before=()
for f in "$shared"/cells*.jsonl; do before[$(basename "$f")]=$(recorded "$f"); done
job2=$(submit --array="$KILLED") || fail "sbatch --array=$KILLED failed"
[ -n "$job2" ] || fail "sbatch --array=$KILLED printed no job id"
wait_gone "$job2" "re-submitted task ${job2}_$KILLED"
st=$(job_field "${job2}_$KILLED" JobState)
[ "$st" = COMPLETED ] || fail "re-submitted task ${job2}_$KILLED ended $st (exit $(job_field "${job2}_$KILLED" ExitCode)); expected COMPLETED. Its output: $(cat "$tmp/jobs/${job2}_$KILLED.out" 2>/dev/null)"
# The task that completes the sweep writes the outputs into the shared directory.
for f in summary.json report.md depth.csv; do
    [ -s "$shared/$f" ] || fail "re-submitted task ${job2}_$KILLED completed the sweep but $f is missing from $shared"
done
# It computed the killed task's missing cells and nothing else.
gained=0 where=""
for f in "$shared"/cells*.jsonl; do
    d=$(( $(recorded "$f") - ${before[$(basename "$f")]:-0} ))
    gained=$((gained + d))
    [ $d -eq 0 ] || where="$where $(basename "$f") (+$d)"
done
[ $gained -eq $((PER_SHARD - n)) ] || fail "re-submitted task recorded $gained cells; expected the $((PER_SHARD - n)) its killed run left"
[ "$where" = " $(basename "$kfile") (+$gained)" ] || fail "re-submitted task recorded its cells in$where; expected them in its own shard's $(basename "$kfile")"
log "re-submitted task $KILLED (job $job2) COMPLETED: recorded the $gained missing cells, in$where, and wrote the outputs"

# --- no cell lost, none computed twice --------------------------------------------------------

# Every results file the tasks wrote (before any merge): each key of the sweep exactly once.
keys_of() { complete_lines "$1" | sed -n 's/^{"key":"\([^"]*\)".*/\1/p'; }
: > "$tmp/keys"
for f in "$shared"/cells*.jsonl; do
    keys_of "$f" >> "$tmp/keys"
    log "  $(basename "$f"): $(recorded "$f") recorded"
done
dups=$(sort "$tmp/keys" | uniq -d)
[ -z "$dups" ] || fail "cells recorded more than once over the results files: $(echo $dups)"

# --- a single process, and the comparison -----------------------------------------------------

single="$tmp/single"
timeout 600 ./vnlab depth "${SWEEP[@]}" --out "$single" --threads "$ncpu" --quiet >"$tmp/log/single.out" 2>&1 \
    || fail "the single-process run failed: $(tail -n 20 "$tmp/log/single.out")"
keys_of "$single/cells.jsonl" | sort > "$tmp/keys.single"
[ "$(wc -l < "$tmp/keys.single")" = "$CELLS" ] || fail "the single run recorded $(wc -l < "$tmp/keys.single") cells; expected $CELLS"
sort "$tmp/keys" | cmp -s - "$tmp/keys.single" \
    || fail "the shards' cells differ from the sweep's: $(sort "$tmp/keys" | diff - "$tmp/keys.single" | grep '^[<>]' | tr '\n' ' ')"

# summary.json, report.md, the CSVs and the SVG/PNG plots hold no wall-clock time, host or
# thread count, so they are compared whole, byte for byte, nothing stripped.
same_outputs() {   # same_outputs DIR WHAT
    local a b f
    a=$(cd "$single" && ls | grep -v '^cells.*\.jsonl$' || true)
    b=$(cd "$1" && ls | grep -v '^cells.*\.jsonl$' || true)
    [ "$a" = "$b" ] || fail "$2: the files are not the single run's: [$(echo $b)] against [$(echo $a)]"
    for f in summary.json report.md depth.csv; do grep -qxF "$f" <<< "$a" || fail "$2: no $f"; done
    grep -q '\.svg$' <<< "$a" && grep -q '\.png$' <<< "$a" || fail "$2: no SVG or PNG plot"
    for f in $a; do
        cmp "$single/$f" "$1/$f" >&2 || fail "$2: $f differs from the single run's"
    done
    log "$2: $(echo $a | wc -w) files equal to the single run's, byte for byte ($(echo $a))"
}
# A results file's record of a cell holds its wall-clock "seconds" (run-dependent, and not in
# the outputs above); with it taken out, a merged cells.jsonl must hold the single run's lines.
# They are compared as sorted lines: a single run appends cells in the order they finish
# (several at once), a merge writes them in sweep order.
without_seconds() {   # without_seconds FILE OUT
    sed 's/,"seconds":[-+0-9.eE]*\([,}]\)/\1/' "$1" | sort > "$2"
    ! grep -q '"seconds"' "$2" || fail "$1: a record's \"seconds\" is not where expected (last field); cannot compare the records"
}
same_cells() {   # same_cells FILE WHAT
    without_seconds "$1" "$tmp/cells.a"
    without_seconds "$single/cells.jsonl" "$tmp/cells.b"
    [ "$(wc -l < "$tmp/cells.a")" = $((CELLS + 1)) ] || fail "$2: cells.jsonl has $(wc -l < "$tmp/cells.a") lines; expected a header and $CELLS cells"
    cmp -s "$tmp/cells.a" "$tmp/cells.b" || fail "$2: cells.jsonl does not hold the single run's lines (wall-clock seconds aside)"
    log "$2: cells.jsonl holds the single run's header and $CELLS records (wall-clock seconds aside)"
}

# 1. What the last task wrote into the shared directory.
same_outputs "$shared" "outputs of the task that completed the sweep"
# 2. ./vnlab merge from the shared directory into a new one.
merged="$tmp/merged"
timeout 300 ./vnlab merge --out "$merged" "$shared" >"$tmp/log/merge.out" 2>&1 || fail "./vnlab merge --out $merged $shared failed: $(tail -n 20 "$tmp/log/merge.out")"
same_outputs "$merged" "./vnlab merge --out NEW_DIR SHARED_DIR"
same_cells "$merged/cells.jsonl" "./vnlab merge --out NEW_DIR SHARED_DIR"
# 3. ./vnlab merge in place (its default source is --out itself).
timeout 300 ./vnlab merge --out "$shared" >"$tmp/log/merge-in-place.out" 2>&1 || fail "./vnlab merge --out $shared failed: $(tail -n 20 "$tmp/log/merge-in-place.out")"
same_outputs "$shared" "./vnlab merge --out SHARED_DIR"
same_cells "$shared/cells.jsonl" "./vnlab merge --out SHARED_DIR"

passed=1
