#!/usr/bin/env python3
"""Per-inference ENN I/O: zero-copy imports (`--enn-io auto`) against copies (`--enn-io copy`).

    cargo build --release -p pterun-cli -p pterun-enn-emu
    python3 tools/fixtures/enn_export.py --large        # with the fixtures venv
    taskset -c 1 python3 tools/bench/enn_io.py [--rounds 3]

Runs MobileNetV2 lowered to ENN partitions (16 KiB and 128-byte aligned exports) through
`pterun run` on the software ENN library, both policies alternating round by round, each
run a process of its own at one thread; prints the median time, the bytes pterun copied per
execution (from the JSON report), peak RSS and the largest difference from eager PyTorch,
and the median of the per-round time ratios. Needs only the Python standard library.
"""

import argparse
import json
import platform
import statistics
import struct
import subprocess
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--executions", type=int, default=20)
    ap.add_argument("--pterun", default=str(REPO / "target/release/pterun"))
    ap.add_argument("--enn-lib", default=str(REPO / "target/release/libenn_public_api_cpp.so"))
    args = ap.parse_args()
    fixtures = REPO / "fixtures/large/enn"
    print(f"cpu: {cpu_model()}")
    with tempfile.TemporaryDirectory() as tmp:
        out, report = Path(tmp) / "out", Path(tmp) / "report.json"
        for name in ["mobilenet_v2_enn16k", "mobilenet_v2_enn128"]:
            expected = (fixtures / f"{name}.expected0.bin").read_bytes()
            want = struct.unpack(f"{len(expected) // 4}f", expected)
            results: dict = {}
            for _ in range(args.rounds):
                for io in ["auto", "copy"]:
                    cmd = [args.pterun, "run", str(fixtures / f"{name}.pte"),
                           "--input", str(fixtures / f"{name}.input0.bin"),
                           "--enn-lib", args.enn_lib, "--enn-io", io, "--threads", "1",
                           "--num-executions", str(args.executions), "--warm-up", "2",
                           "--print-output", "none", "--output-path", str(out),
                           "--json-report", str(report)]
                    subprocess.run(cmd, check=True, capture_output=True)
                    rep = json.loads(report.read_text())
                    got = struct.unpack(f"{len(expected) // 4}f", (out / "output_0.bin").read_bytes())
                    diff = max(abs(a - b) for a, b in zip(got, want))
                    results.setdefault(io, []).append(
                        (rep["median_ms"], rep["enn"]["bytes_copied_per_execution"],
                         rep["peak_rss_kib"], diff))
            for io, runs in results.items():
                print(f"{name} --enn-io {io}: median {statistics.median(r[0] for r in runs):.2f} ms, "
                      f"{runs[0][1]} bytes copied per execution, peak RSS "
                      f"{statistics.median(r[2] for r in runs) / 1024:.1f} MiB, "
                      f"max |diff| vs eager {max(r[3] for r in runs):.2g}")
            ratios = [a[0] / b[0] for a, b in zip(results["auto"], results["copy"])]
            print(f"{name}: auto / copy time, median of per-round ratios {statistics.median(ratios):.3f}")


if __name__ == "__main__":
    main()
