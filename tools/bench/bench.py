#!/usr/bin/env python3
"""Compare pterun with the official ExecuTorch runtime on the same files and inputs.

For each model this script exports (once, cached under fixtures/large/bench/) two programs
with the pinned exporter: (a) without delegation (portable kernels) and (b) lowered to
XNNPACK. It then measures, in one run and on the same seeded input:

* pterun on (a): `pterun run --json-report` (method load, median of timed executions);
* the official runtime on (a): portable kernels;
* the official runtime on (b): XNNPACK;

and checks that pterun's outputs equal the official runtime's on (a). Results are printed
as a markdown table and written as JSON. This is a benchmark, not a test: nothing here
runs in CI.

Usage (from the repository root, with the fixture venv):
  PY=tools/fixtures/.venv/bin/python
  cargo build --release -p pterun-cli
  $PY tools/bench/bench.py --models mobilenet_v2,resnet18 --runs 10 --threads 1
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import torch

ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / "fixtures" / "large" / "bench"


def vit_tiny():
    from torchvision.models.vision_transformer import VisionTransformer

    return VisionTransformer(image_size=224, patch_size=16, num_layers=12, num_heads=3,
                             hidden_dim=192, mlp_dim=768, num_classes=1000)


class EncoderTiny(torch.nn.Module):
    """BERT-tiny shapes: 2 layers, hidden 128, 2 heads, sequence 128."""

    def __init__(self):
        super().__init__()
        layer = torch.nn.TransformerEncoderLayer(d_model=128, nhead=2, dim_feedforward=512,
                                                 batch_first=True, activation="gelu")
        self.encoder = torch.nn.TransformerEncoder(layer, num_layers=2, enable_nested_tensor=False)

    def forward(self, x):
        return self.encoder(x)


def make_model(name):
    import torchvision.models as tvm

    torch.manual_seed(0)
    if name == "mobilenet_v2":
        return tvm.mobilenet_v2(weights=None), (1, 3, 224, 224)
    if name == "mobilenet_v3_small":
        return tvm.mobilenet_v3_small(weights=None), (1, 3, 224, 224)
    if name == "resnet18":
        return tvm.resnet18(weights=None), (1, 3, 224, 224)
    if name == "resnet50":
        return tvm.resnet50(weights=None), (1, 3, 224, 224)
    if name == "vit_tiny":
        model = vit_tiny()
        # torchvision zero-initialises the classification head, which would make every
        # output 0 and the comparison meaningless.
        torch.nn.init.normal_(model.heads.head.weight, std=0.02)
        return model, (1, 3, 224, 224)
    if name == "bert_tiny_encoder":
        return EncoderTiny(), (1, 128, 128)
    raise SystemExit(f"unknown model {name}")


def calibrate(model, shape):
    """Random-init batch norms give near-zero outputs; a few train-mode passes give the
    running statistics realistic values so output comparisons mean something."""
    has_bn = any(isinstance(m, torch.nn.modules.batchnorm._BatchNorm) for m in model.modules())
    if has_bn:
        model.train()
        g = torch.Generator().manual_seed(1)
        with torch.no_grad():
            for _ in range(2):
                model(torch.randn((4,) + tuple(shape[1:]), generator=g))
    return model.eval()


def export(name):
    CACHE.mkdir(parents=True, exist_ok=True)
    portable = CACHE / f"{name}.pte"
    xnnpack = CACHE / f"{name}.xnnpack.pte"
    inp = CACHE / f"{name}.input0.bin"
    if portable.exists() and xnnpack.exists() and inp.exists():
        return portable, xnnpack, inp
    from executorch.exir import to_edge, to_edge_transform_and_lower
    from executorch.backends.xnnpack.partition.xnnpack_partitioner import XnnpackPartitioner

    model, shape = make_model(name)
    model = calibrate(model, shape)
    g = torch.Generator().manual_seed(2)
    x = torch.randn(shape, generator=g)
    ep = torch.export.export(model, (x,))
    portable.write_bytes(to_edge(ep).to_executorch().buffer)
    ep = torch.export.export(model, (x,))
    xnnpack.write_bytes(to_edge_transform_and_lower(ep, partitioner=[XnnpackPartitioner()]).to_executorch().buffer)
    inp.write_bytes(x.contiguous().numpy().astype("<f4").tobytes())
    return portable, xnnpack, inp


def official(path, x, runs):
    from executorch.runtime import Runtime

    rt = Runtime.get()
    t0 = time.perf_counter()
    program = rt.load_program(str(path))
    t1 = time.perf_counter()
    method = program.load_method("forward")
    t2 = time.perf_counter()
    times = []
    out = None
    for _ in range(runs + 1):
        s = time.perf_counter()
        out = method.execute([x])
        times.append(time.perf_counter() - s)
    first, timed = times[0], times[1:]
    return {
        "program_load_ms": (t1 - t0) * 1e3,
        "method_load_ms": (t2 - t1) * 1e3,
        "first_ms": first * 1e3,
        "median_ms": statistics.median(timed) * 1e3,
        "outputs": [o.detach().contiguous().numpy() for o in out],
    }


def pterun(binary, path, inp, runs, threads):
    with tempfile.TemporaryDirectory() as tmp:
        out_dir = Path(tmp) / "out"
        cmd = [str(binary), "bench", str(path), "--input", str(inp), "--warm-up", "1",
               "--num-executions", str(runs), "--json", "--output-path", str(out_dir)]
        if threads:
            cmd += ["--threads", str(threads)]
        proc = subprocess.run(cmd, capture_output=True, text=True)
        if proc.returncode != 0:
            return {"error": proc.stderr.strip() or proc.stdout.strip()}
        r = json.loads(proc.stdout)
        outputs = sorted(out_dir.glob("output_*.bin"))
        return {
            "program_load_ms": r["program_load_ms"],
            "method_load_ms": r["method_load_ms"],
            "first_ms": r["first_execution_ms"],
            "median_ms": statistics.median(r["execution_ms"]),
            "peak_rss_kib": r.get("peak_rss_kib"),
            "outputs": [np.fromfile(o, dtype="<f4") for o in outputs],
        }


def compare(ours, theirs):
    worst = 0.0
    ok = len(ours) == len(theirs)
    for a, b in zip(ours, theirs):
        b = b.reshape(-1).astype(np.float32)
        if a.shape != b.shape:
            return False, float("nan")
        diff = np.abs(a - b)
        worst = max(worst, float(diff.max()) if diff.size else 0.0)
        ok = ok and bool(np.all(diff <= 1e-4 + 1e-3 * np.abs(b)))
    return ok, worst


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--models", default="mobilenet_v2,mobilenet_v3_small,resnet18,resnet50,vit_tiny")
    parser.add_argument("--runs", type=int, default=10, help="timed runs for pterun and XNNPACK")
    parser.add_argument("--portable-runs", type=int, default=1, help="timed runs of the (slow) portable kernels")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=3,
                        help="pterun and XNNPACK are measured in this many alternating rounds")
    parser.add_argument("--binary", default=str(ROOT / "target" / "release" / "pterun"))
    parser.add_argument("--json", default=str(ROOT / "fixtures" / "large" / "bench" / "results.json"))
    args = parser.parse_args()

    # XNNPACK's thread pool sizes itself from the cores it can see, whatever torch is told:
    # a one-thread comparison must pin the process (and pterun, its child) to one core.
    if args.threads == 1 and hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    torch.set_num_threads(args.threads)
    os.environ.setdefault("OMP_NUM_THREADS", str(args.threads))
    rows = []
    for name in [m for m in args.models.split(",") if m]:
        portable, xnnpack, inp = export(name)
        _, shape = make_model(name)
        x = torch.from_numpy(np.fromfile(inp, dtype="<f4").reshape(shape))
        # Alternate pterun and XNNPACK so drifting machine load affects both alike.
        ours_rounds, xnn_rounds = [], []
        for _ in range(max(args.rounds, 1)):
            ours_rounds.append(pterun(args.binary, portable, inp, args.runs, args.threads))
            xnn_rounds.append(official(xnnpack, x, args.runs))
        ours = next((r for r in ours_rounds if "error" in r), None) or min(ours_rounds, key=lambda r: r["median_ms"])
        xnn = min(xnn_rounds, key=lambda r: r["median_ms"])
        port = official(portable, x, args.portable_runs)
        if "error" in ours:
            row = {"model": name, "pterun_error": ours["error"], "xnnpack_ms": xnn["median_ms"], "portable_ms": port["median_ms"]}
        else:
            match, worst = compare(ours["outputs"], port["outputs"])
            row = {
                "model": name,
                "pterun_ms": ours["median_ms"],
                "xnnpack_ms": xnn["median_ms"],
                "portable_ms": port["median_ms"],
                "ratio_vs_xnnpack": ours["median_ms"] / xnn["median_ms"],
                "speedup_vs_portable": port["median_ms"] / ours["median_ms"],
                # One method load per round: the median over rounds, not the load of the
                # fastest round, so that a single slow load does not decide the comparison.
                "pterun_method_load_ms": statistics.median(r["method_load_ms"] for r in ours_rounds),
                "xnnpack_method_load_ms": statistics.median(r["method_load_ms"] for r in xnn_rounds),
                "portable_method_load_ms": port["method_load_ms"],
                "outputs_match_official": match,
                "max_abs_diff": worst,
                "pterun_peak_rss_kib": ours["peak_rss_kib"],
            }
        rows.append(row)
        print(json.dumps(row), file=sys.stderr)

    print(f"\n{args.threads} thread(s), {args.runs} timed runs (portable: {args.portable_runs}), medians in ms\n")
    print("| model | pterun (a) | official portable (a) | official XNNPACK (b) | pterun / XNNPACK | portable / pterun | method load pterun / XNNPACK | outputs match |")
    print("|---|---|---|---|---|---|---|---|")
    for r in rows:
        if "pterun_error" in r:
            print(f"| {r['model']} | error: {r['pterun_error'][:60]} | {r['portable_ms']:.1f} | {r['xnnpack_ms']:.2f} | | | | |")
            continue
        print(f"| {r['model']} | {r['pterun_ms']:.2f} | {r['portable_ms']:.1f} | {r['xnnpack_ms']:.2f} | "
              f"{r['ratio_vs_xnnpack']:.2f}x | {r['speedup_vs_portable']:.0f}x | "
              f"{r['pterun_method_load_ms']:.2f} / {r['xnnpack_method_load_ms']:.2f} | "
              f"{'yes' if r['outputs_match_official'] else 'NO'} (max diff {r['max_abs_diff']:.1e}) |")
    Path(args.json).parent.mkdir(parents=True, exist_ok=True)
    Path(args.json).write_text(json.dumps({"threads": args.threads, "runs": args.runs, "rows": rows}, indent=2))


if __name__ == "__main__":
    main()
