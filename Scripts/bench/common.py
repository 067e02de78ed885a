"""Shared driver of the peer benchmarks (bench_torch.py, bench_keras.py).

Mirrors `lamina bench models`: every workload runs in a child process of the script (so its peak
RSS, VmHWM, is its own); `--warmup` untimed steps, then up to `--steps` timed steps (at least
`--min-steps`, stopping after `--budget` seconds); the median ms/step is reported. The parent prints
a table and, with `--csv`, writes `workload,ms_per_step,peak_rss_mb`.
"""
import argparse
import statistics
import subprocess
import sys
import time

WORKLOADS = [
    ("cnn-train", "seed CNN training step, batch 32, 64x64x3, Adam, categorical CE"),
    ("resnet20-train", "ResNet-20 training step, batch 64, 32x32x3, SGD momentum 0.9, sparse CE"),
    ("cnn-infer", "seed CNN forward pass, batch 256"),
    ("resnet20-infer", "ResNet-20 forward pass (BN in inference mode), batch 256"),
    ("lstm-train", "Embedding(10000,100) -> LSTM(128) over 100 steps -> Dense(10), batch 32, Adam"),
    ("simplernn-train", "Embedding(10000,100) -> SimpleRNN(128) over 100 steps -> Dense(10), batch 32, Adam"),
    ("attention-train", "Embedding(10000,64) -> Attention (self, dot) over 128 ids -> GAP1D -> Dense(10), batch 32, Adam"),
]
NAMES = [n for n, _ in WORKLOADS]


def peak_rss_mb():
    """This process's peak resident set size in MB (VmHWM from /proc/self/status)."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def parse_args(peer):
    p = argparse.ArgumentParser(description=f"{peer} model benchmarks (the workloads of `lamina bench models`)")
    p.add_argument("--only", help="comma-separated workloads: " + ", ".join(NAMES))
    p.add_argument("--workload", help="run one workload in this process (used by the parent)")
    p.add_argument("--warmup", type=int, default=3)
    p.add_argument("--steps", type=int, default=30)
    p.add_argument("--min-steps", type=int, default=5)
    p.add_argument("--budget", type=float, default=20.0)
    p.add_argument("--csv", help="write workload,ms_per_step,peak_rss_mb to this file")
    p.add_argument("--backend", help="Keras only: tensorflow (default) or jax")
    return p.parse_args()


def time_steps(step, args):
    """Warm-up, then the median of the timed steps, in ms."""
    for _ in range(args.warmup):
        step()
    times, start = [], time.perf_counter()
    while len(times) < args.steps:
        t0 = time.perf_counter()
        step()
        t1 = time.perf_counter()
        times.append((t1 - t0) * 1e3)
        if len(times) >= args.min_steps and t1 - start > args.budget:
            break
    return statistics.median(times), len(times)


def main(peer, version, prepare):
    """Runs the benchmark; `prepare(name)` returns the zero-argument step of a workload."""
    args = parse_args(peer)
    if args.workload:
        ms, n = time_steps(prepare(args.workload, args), args)
        print(f"RESULT {args.workload} {ms:.3f} {peak_rss_mb():.1f} steps={n}", flush=True)
        return
    names = args.only.split(",") if args.only else NAMES
    print(f"{peer} · {version(args)} · warm-up {args.warmup}, median of {args.min_steps}-{args.steps} steps\n")
    print(f"{'workload':<18}{'ms/step':>10}{'peak RSS MB':>13}  what")
    rows = ["workload,ms_per_step,peak_rss_mb"]
    child = [a for a in sys.argv[1:]]
    for i, a in enumerate(list(child)):
        if a in ("--only", "--csv"):
            child[i] = child[i + 1] = None
    child = [a for a in child if a is not None]
    for name in names:
        out = subprocess.run([sys.executable, sys.argv[0], "--workload", name] + child,
                             capture_output=True, text=True)
        line = next((l for l in out.stdout.splitlines() if l.startswith("RESULT ")), None)
        if out.returncode != 0 or line is None:
            print(f"{name:<18}  failed (exit {out.returncode}): {out.stderr.strip().splitlines()[-1:] }")
            continue
        f = line.split()
        ms, rss = float(f[2]), float(f[3])
        print(f"{name:<18}{ms:>10.1f}{rss:>13.0f}  {dict(WORKLOADS)[name]}", flush=True)
        rows.append(f"{name},{ms:.2f},{rss:.0f}")
    if args.csv:
        with open(args.csv, "w") as f:
            f.write("\n".join(rows) + "\n")
