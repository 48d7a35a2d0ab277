#!/usr/bin/env python3
"""Compare program loading and verification with the official ExecuTorch runtime.

In one run, on the same file, alternating round by round so that both runtimes see the same
machine state, this script measures:

* pterun: `pterun load-bench FILE --repeat N --json`, which maps the file afresh for every
  repetition, parses and verifies the whole program and slices out its segments (median of
  the repetitions);
* the official runtime: `Runtime.load_program(bytes, verification=...)` on the file's bytes
  already in memory, with `InternalConsistency` (its FlatBuffer verifier over the whole
  program, the closest counterpart of pterun's verification) and with `Minimal` (header and
  root table only), N times each (median);
* with `--with-path`, also `Runtime.load_program(path)`, the official runtime's own way of
  opening a file (a memory map that it locks into RAM).

It prints one line per round and a summary with the medians over the rounds, the time per
MB of FlatBuffer metadata, and the ratio of the official runtime's time to pterun's. This
is a benchmark, not a test: nothing here runs in CI.

Usage (from the repository root, with the fixture venv; `taskset` pins both runtimes):
  tools/fixtures/export.sh --large --only resnet50
  cargo build --release -p pterun-cli
  taskset -c 1 tools/fixtures/.venv/bin/python tools/bench/load_bench.py fixtures/large/resnet50.pte
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def pterun(binary, path, repeat):
    out = subprocess.run(
        [binary, "load-bench", str(path), "--repeat", str(repeat), "--json"],
        check=True, capture_output=True, text=True,
    ).stdout
    return json.loads(out)


def official(runtime, source, verification, repeat):
    """Median milliseconds of `repeat` loads (after two warm-up loads)."""
    times = []
    for i in range(repeat + 2):
        start = time.perf_counter()
        program = runtime.load_program(source, verification=verification)
        elapsed = time.perf_counter() - start
        del program
        if i >= 2:
            times.append(elapsed * 1e3)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("file", type=Path)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=300, help="loads per runtime per round")
    parser.add_argument("--with-path", action="store_true",
                        help="also time the official runtime opening the file by path (slow: it locks the whole file in RAM)")
    parser.add_argument("--binary", default=str(ROOT / "target" / "release" / "pterun"))
    args = parser.parse_args()

    # Loading is single-threaded in both runtimes. Left at its defaults, the OpenMP pool that
    # importing torch starts keeps spinning on the pinned core after each call, which slowed
    # both runtimes here by 1.5x to 2x (pterun's subprocess included) and made the rounds
    # erratic. One passive thread leaves the core to whichever runtime is being timed.
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    from executorch.runtime import Runtime, Verification

    runtime = Runtime.get()
    data = args.file.read_bytes()
    rows = []
    for round_index in range(args.rounds):
        ours = pterun(args.binary, args.file, args.repeat)
        row = {
            "pterun": ours["parse_and_verify_ms_median"],
            "pterun_open": ours["open_and_load_ms_median"],
            "internal": official(runtime, data, Verification.InternalConsistency, args.repeat),
            "minimal": official(runtime, data, Verification.Minimal, args.repeat),
        }
        if args.with_path:
            row["path"] = official(runtime, str(args.file), Verification.InternalConsistency,
                                   max(3, args.repeat // 30))
        rows.append(row)
        metadata_mb = ours["metadata_bytes"] / 1e6
        print(f"round {round_index + 1}: pterun parse+verify {row['pterun']:.3f} ms "
              f"({row['pterun'] / metadata_mb:.2f} ms/MB), official InternalConsistency "
              f"{row['internal']:.3f} ms, Minimal {row['minimal']:.3f} ms, ratio "
              f"{row['internal'] / row['pterun']:.1f}x"
              + (f", official by path {row['path']:.2f} ms" if "path" in row else ""),
              flush=True)

    def med(key):
        return statistics.median(r[key] for r in rows)

    ratios = [r["internal"] / r["pterun"] for r in rows]
    print()
    print(f"{args.file}: {ours['file_size']} bytes, {ours['metadata_bytes']} bytes of metadata, "
          f"{args.rounds} rounds of {args.repeat} loads, medians over rounds (ms):")
    print("| runtime | what is timed | ms | ms per MB of metadata |")
    print("|---|---|---|---|")
    print(f"| pterun | fresh mmap, parse + verify the whole program | {med('pterun'):.3f} | "
          f"{med('pterun') / metadata_mb:.2f} |")
    print(f"| official | `load_program(bytes)`, InternalConsistency | {med('internal'):.3f} | "
          f"{med('internal') / metadata_mb:.2f} |")
    print(f"| official | `load_program(bytes)`, Minimal | {med('minimal'):.3f} | "
          f"{med('minimal') / metadata_mb:.2f} |")
    if args.with_path:
        print(f"| official | `load_program(path)` (mmap + mlock), InternalConsistency | "
              f"{med('path'):.2f} | {med('path') / metadata_mb:.2f} |")
    print(f"ratio official InternalConsistency / pterun: median {statistics.median(ratios):.1f}x "
          f"(rounds {min(ratios):.1f}x to {max(ratios):.1f}x); pterun open+load "
          f"{med('pterun_open'):.3f} ms, bytes copied {ours['bytes_copied']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
