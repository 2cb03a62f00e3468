#!/usr/bin/env python3
"""./vnlab bench --compare: vnlab's headline benchmarks beside their native peers, in one sitting.

For each benchmark and thread count, every round runs vnlab (JMH, or the command under
/usr/bin/time) and then its peer (bench/peers.py), so both see the same machine state; the table
gives the median over rounds of each side's median call and the ratio vnlab / peer (below 1:
vnlab is faster or smaller). For the GEMM shapes it also gives the 2-thread speed-up of each side
beside the most any split in two can give on this machine: the shape on one thread against two
independent 1-thread halves that meet after every call (ScalingCeilingBench), measured in the
same rounds. Started by the launcher, which builds the jars and passes them in the environment
(VNLAB_JAVA, VNLAB_JVM_FLAGS, VNLAB_JAR, VNLAB_BENCH_JAR).
"""
import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

# The helper threads vnlab uses by default (Workers.Kind); the benchmarks measure both kinds.
POOL = "SPINNING"

# name, JMH benchmark regex, JMH parameters, thread counts, peer arguments, peer interpreter
BENCHES = [
    ("SGEMM n = 1024", r"GemmBench\.sgemm$", {"n": "1024", "pool": POOL}, (1, 2), ["sgemm", "--n", "1024"], "python3"),
    ("DGEMM n = 1024", r"GemmBench\.dgemm$", {"n": "1024", "pool": POOL}, (1, 2), ["dgemm", "--n", "1024"], "python3"),
    ("GEMM 100 x 500 x 500 (MLP batch)", r"MlpShapeGemmBench", {"shape": "100x500x500", "pool": POOL}, (1, 2), ["shape", "--m", "100", "--k", "500", "--n", "500"], "python3"),
    ("GEMM 1000 x 784 x 500 (MNIST layer)", r"MlpShapeGemmBench", {"shape": "1000x784x500", "pool": POOL}, (1, 2), ["shape", "--m", "1000", "--k", "784", "--n", "500"], "python3"),
    ("training step, depth 100, width 500, batch 100", r"TrainStepBench", {"depth": "100", "width": "500", "batch": "100", "pool": POOL}, (1, 2),
     ["train", "--depth", "100", "--width", "500", "--batch", "100"], "/usr/bin/python3"),
    ("VNI of 1000 x 500", r"VniBench\.vni$", {"m": "1000", "n": "500"}, (1, 2), ["vni", "--m", "1000", "--n", "500"], "python3"),
    ("eigenvalues, n = 1000", r"DecompBench\.eigenvalues", {"n": "1000"}, (1,), ["eig", "--n", "1000"], "python3"),
    ("QR with explicit Q, n = 1024", r"DecompBench\.qrWithExplicitQ", {"n": "1024"}, (1,), ["qr", "--n", "1024"], "python3"),
]
# The GEMM rows whose 2-thread speed-up is set beside the machine's ceiling: ScalingCeilingBench's shape.
CEILING = {"SGEMM n = 1024": "1024x1024x1024", "GEMM 100 x 500 x 500 (MLP batch)": "100x500x500",
           "GEMM 1000 x 784 x 500 (MNIST layer)": "1000x784x500"}
DEMO = "demo workload: depth --jacobian-inputs 0 (covariance VNI, 2 widths x 20 nets x 100 layers)"
INSTALL = {"numpy": "apt-get install python3-numpy", "scipy": "apt-get install python3-scipy", "torch": "apt-get install python3-torch"}


def peer_env(threads, keep_pins=False):
    """Fixed thread counts; OpenBLAS free to pick its newest kernels (some environments pin old
    ones) unless keep_pins: an older OpenBLAS (Debian's, under PyTorch) may not know a new CPU and
    fall back to generic kernels without the pin."""
    env = dict(os.environ) if keep_pins else {k: v for k, v in os.environ.items() if k not in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")}
    env.update(OPENBLAS_NUM_THREADS=str(threads), OMP_NUM_THREADS=str(threads), MKL_NUM_THREADS=str(threads))
    return env


def fields(line):
    return dict(kv.split("=", 1) for kv in line.split() if "=" in kv)


def run_peer(args, python, threads):
    out = subprocess.run([python, os.path.join(HERE, "peers.py")] + args, env=peer_env(threads, keep_pins=python != "python3"),
                         capture_output=True, text=True)
    last = (out.stdout.strip().splitlines() or [""])[-1]
    f = fields(last)
    if out.returncode != 0 or "missing" in f or ("median_ms" not in f and "s" not in f):
        return None, f.get("peer", args[0]), (out.stderr.strip().splitlines() or [last])[-1]
    return float(f["median_ms"]) if "median_ms" in f else float(f["s"]), f.get("peer", "?"), None


def run_jmh(regex, params, quick):
    """The median call of one JMH benchmark, in ms: sampled calls, as the peers report theirs
    (a mean would let the noisy moments of a shared machine count against vnlab alone)."""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as tmp:
        result = tmp.name
    cmd = [os.environ["VNLAB_JAVA"]] + os.environ.get("VNLAB_JVM_FLAGS", "").split() + ["-jar", os.environ["VNLAB_BENCH_JAR"], regex, "-bm", "sample"]
    for k, v in params.items():
        cmd += ["-p", f"{k}={v}"]
    cmd += (["-f", "1", "-wi", "2", "-i", "3", "-w", "1", "-r", "1"] if quick else ["-f", "1", "-wi", "6", "-i", "5"])
    cmd += ["-rf", "json", "-rff", result]
    out = subprocess.run(cmd, capture_output=True, text=True)
    try:
        with open(result) as f:
            data = json.load(f)
    finally:
        os.unlink(result)
    if out.returncode != 0 or not data:
        raise RuntimeError(f"JMH {regex} failed: {(out.stderr.strip().splitlines() or ['no output'])[-1]}")
    m = data[0]["primaryMetric"]
    score = m.get("scorePercentiles", {}).get("50.0", m["score"]) if data[0]["mode"] == "sample" else m["score"]
    unit = m["scoreUnit"].split("/")[0]
    return score * {"ns": 1e-6, "us": 1e-3, "ms": 1.0, "s": 1e3}[unit]


def timed(cmd, env=None):
    """Wall seconds and peak RSS (MB) of a command, from /usr/bin/time -v."""
    with tempfile.NamedTemporaryFile(suffix=".txt", delete=False) as tmp:
        report = tmp.name
    out = subprocess.run(["/usr/bin/time", "-v", "-o", report] + cmd, env=env, capture_output=True, text=True)
    with open(report) as f:
        text = f.read()
    os.unlink(report)
    if out.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd[:3])} failed: {(out.stderr.strip().splitlines() or ['no output'])[-1]}")
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", text).group(1)
    parts = [float(p) for p in wall.split(":")]
    seconds = sum(p * 60 ** i for i, p in enumerate(reversed(parts)))
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1)) / 1024
    user = float(re.search(r"User time \(seconds\): (\S+)", text).group(1))
    system = float(re.search(r"System time \(seconds\): (\S+)", text).group(1))
    return seconds, rss, user, system


def machine():
    cpu, info_lines = "?", {}
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if ":" in line:
                    k, v = (x.strip() for x in line.split(":", 1))
                    info_lines.setdefault(k, v)
        flags = info_lines.get("flags", "").split()
        vector = "AVX-512" if "avx512f" in flags else "AVX2" if "avx2" in flags else "no AVX2"
        cpu = f"{info_lines.get('model name', '?')}, family {info_lines.get('cpu family', '?')} model {info_lines.get('model', '?')}, {vector}"
    except OSError:
        pass
    java = subprocess.run([os.environ["VNLAB_JAVA"], "-version"], capture_output=True, text=True).stderr.splitlines()
    info = subprocess.run([os.environ["VNLAB_JAVA"]] + os.environ.get("VNLAB_JVM_FLAGS", "").split() + ["-jar", os.environ["VNLAB_JAR"], "info"],
                          capture_output=True, text=True).stdout
    kernels = next((l.split(None, 1)[1].strip() for l in info.splitlines() if l.startswith("kernels")), "?")
    # In the numpy peers' own environment, so blas_core names the kernels their runs use.
    versions = subprocess.run(["python3", os.path.join(HERE, "peers.py"), "versions"], env=peer_env(1), capture_output=True, text=True).stdout.strip()
    torch = subprocess.run(["/usr/bin/python3", os.path.join(HERE, "peers.py"), "versions"], capture_output=True, text=True).stdout.strip()
    torch = fields(torch).get("torch", "missing")
    blas = os.path.realpath("/usr/lib/x86_64-linux-gnu/libblas.so.3")
    if torch != "missing" and os.path.exists(blas) and "openblas" not in blas and "mkl" not in blas:
        torch += f" (its BLAS is {blas}, the reference one: 'apt-get install libopenblas0-pthread' for a fair peer)"
    return [f"CPU: {cpu}, {os.cpu_count()} logical processors", f"JDK: {java[0] if java else '?'}; kernels: {kernels}",
            f"peers: {versions.replace('torch=missing', 'torch=' + torch)}"]


def median(v):
    return statistics.median(v) if v else float("nan")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--rounds", type=int, default=3, help="rounds of vnlab-then-peer per row (default 3)")
    p.add_argument("--quick", action="store_true", help="short JMH runs and one round: minutes, for a first look")
    p.add_argument("--only", default="", help="a regex: the rows whose name it matches")
    p.add_argument("--no-demo", action="store_true", help="leave out the end-to-end demo workload")
    a = p.parse_args()
    rounds = 1 if a.quick else a.rounds
    only = re.compile(a.only) if a.only else None
    rows, missing, ceilings = [], {}, {}
    print("machine:", file=sys.stderr)
    lines = machine()
    for l in lines:
        print("  " + l, file=sys.stderr)
    for name, regex, params, threads_list, peer_args, python in BENCHES:
        if only and not only.search(name):
            continue
        for t in threads_list:
            ours, theirs, peer = [], [], "?"
            for r in range(rounds):
                print(f"[{time.strftime('%H:%M:%S')}] {name}, {t} thread(s), round {r + 1}/{rounds}", file=sys.stderr)
                ours.append(run_jmh(regex, dict(params, threads=str(t)), a.quick))
                if t == 2 and name in CEILING:
                    shape = {"shape": CEILING[name]}
                    whole = run_jmh(r"ScalingCeilingBench\.whole$", shape, a.quick)
                    ceilings.setdefault(name, []).append(whole / run_jmh(r"ScalingCeilingBench\.halvesInStep$", shape, a.quick))
                value, peer, why = run_peer(peer_args, python, t)
                if value is None:
                    missing[peer] = why
                    break
                theirs.append(value)
            rows.append((name, t, "ms", median(ours), peer, median(theirs), ""))
    if not a.no_demo and (not only or only.search(DEMO)):
        with tempfile.TemporaryDirectory() as tmp:
            for t in (2,):
                ours, theirs, rss_ours, rss_theirs, sys_ours = [], [], [], [], []
                for r in range(rounds):
                    print(f"[{time.strftime('%H:%M:%S')}] demo workload, {t} threads, round {r + 1}/{rounds}", file=sys.stderr)
                    out = os.path.join(tmp, f"depth-{r}")
                    # Through the launcher, as a user runs it: its collector and its planned heap.
                    cmd = [os.path.join(ROOT, "vnlab"), "depth", "--jacobian-inputs", "0", "--threads", str(t), "--out", out, "--quiet"]
                    wall, rss, user, system = timed(cmd)
                    ours.append(wall)
                    rss_ours.append(rss)
                    sys_ours.append(system / user if user else float("nan"))
                    shutil.rmtree(out, ignore_errors=True)
                    wall, rss, _, _ = timed(["python3", os.path.join(HERE, "peers.py"), "demo", "--nets", "20"], env=peer_env(t))
                    theirs.append(wall)
                    rss_theirs.append(rss)
                rows.append((DEMO + ", wall", t, "s", median(ours), "numpy", median(theirs), f"sys/user {median(sys_ours):.2f}"))
                rows.append((DEMO + ", peak RSS", t, "MB", median(rss_ours), "numpy", median(rss_theirs), ""))
    print()
    for l in lines:
        print(l)
    print(f"rounds: {rounds}{' (quick)' if a.quick else ''}; each figure the median over rounds of the median call (JMH: sampled calls; "
          f"peers: the median of 7 calls); end to end: wall time and peak RSS of the whole process")
    print()
    print("| benchmark | threads | vnlab | peer | peer figure | vnlab / peer | |")
    print("|---|---|---|---|---|---|---|")
    for name, t, unit, ours, peer, theirs, note in rows:
        ratio = ours / theirs if theirs == theirs and theirs > 0 else float("nan")
        fmt = (lambda v: f"{v:,.0f} {unit}") if unit == "MB" else (lambda v: f"{v:.3f} {unit}" if v < 10 else f"{v:.1f} {unit}")
        print(f"| {name} | {t} | {fmt(ours)} | {peer} | {fmt(theirs) if theirs == theirs else 'missing'} | {ratio:.2f}x | {note} |")
    by = {(r[0], r[1]): r for r in rows}
    both = [name for name in CEILING if (name, 1) in by and (name, 2) in by]
    if both:
        print()
        print("| 2 threads against 1 | vnlab | peer | the machine's ceiling: whole / halves in step |")
        print("|---|---|---|---|")
        for name in both:
            one, two = by[(name, 1)], by[(name, 2)]
            print(f"| {name} | {one[3] / two[3]:.2f}x | {one[5] / two[5]:.2f}x | {median(ceilings.get(name, [])):.2f}x |")
    for peer, why in missing.items():
        print(f"\n{peer} missing ({why}): install it with '{INSTALL.get(peer, 'its package')}' to measure its rows")


if __name__ == "__main__":
    main()
