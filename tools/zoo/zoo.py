#!/usr/bin/env python3
"""Differential zoo: export public model code with the pinned exporter, take references
from the official ExecuTorch runtime, run pterun, print a table.

    tools/fixtures/.venv/bin/python tools/zoo/zoo.py                  # every case
    tools/fixtures/.venv/bin/python tools/zoo/zoo.py --only 'hf_*,lstm*'
    tools/fixtures/.venv/bin/python tools/zoo/zoo.py --group small --commit
    tools/fixtures/.venv/bin/python tools/zoo/zoo.py --list

Small cases go to fixtures/zoo/ (committed with --commit, replayed by
`cargo test -p pterun-runtime --test all zoo`), large ones to target/zoo/. The reference
is the official runtime's output; where it cannot run the program, eager PyTorch's (the
manifest says which). pterun is the release CLI (`cargo build --release -p pterun-cli`,
or --pterun PATH), one process per case with a timeout.

Outcomes: match, mismatch (max |a-b| and the bound), load error (with the missing
operators), run error, crash (signal), timeout, export error (the exporter refused),
reference error (neither runtime produced outputs), later (XNNPACK or quantized programs,
issues 18 and 19).
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO / "tools" / "fixtures"))

import torch  # noqa: E402

import cases as zoo_cases  # noqa: E402
import export as fx_export  # noqa: E402
import manifest as mf  # noqa: E402

# |a - b| <= atol + rtol |b|, by the reference's element type. f16 keeps 11 significant
# bits (unit roundoff 4.9e-4) and bf16 8 (3.9e-3); a few chained roundings of either
# (pterun and the official kernels may round intermediate sums at different points)
# stay within a few units, hence rtol of about 10 units and an atol for values near zero.
TOLERANCE = {
    "float32": (1e-4, 1e-3),
    "float64": (1e-10, 1e-9),
    "float16": (1e-2, 1e-2),
    "bfloat16": (5e-2, 4e-2),
}


def dtype_name(t: torch.Tensor) -> str:
    return str(t.dtype).replace("torch.", "")


def flatten_outputs(out: Any) -> List[torch.Tensor]:
    if isinstance(out, torch.Tensor):
        return [out]
    if isinstance(out, (list, tuple)):
        items: List[torch.Tensor] = []
        for o in out:
            items.extend(flatten_outputs(o))
        return items
    if isinstance(out, dict):
        return flatten_outputs(list(out.values()))
    raise TypeError(f"output of type {type(out).__name__}")


def lower(case: zoo_cases.Case, module: torch.nn.Module, example: Tuple[torch.Tensor, ...]):
    from executorch.exir import to_edge_transform_and_lower

    dyn = case.dynamic_shapes() if case.dynamic_shapes else None
    for p in module.parameters():
        p.requires_grad_(False)
    ep = torch.export.export(copy.deepcopy(module), example, dynamic_shapes=dyn, strict=case.strict)
    partitioner = []
    if case.later == "xnnpack":
        from executorch.backends.xnnpack.partition.xnnpack_partitioner import XnnpackPartitioner

        partitioner = [XnnpackPartitioner()]
    return to_edge_transform_and_lower(ep, partitioner=partitioner).to_executorch()


def close(a: torch.Tensor, b: torch.Tensor, dtype: str) -> Tuple[bool, float]:
    """Whether `a` (pterun) matches `b` (reference), and the largest difference."""
    if a.shape != b.shape:
        return False, float("inf")
    if a.numel() == 0:
        return True, 0.0
    if not b.is_floating_point():
        diff = (a.to(torch.float64) - b.to(torch.float64)).abs()
        return bool(torch.equal(a, b)), float(diff.max())
    atol, rtol = TOLERANCE.get(dtype, TOLERANCE["float32"])
    ad, bd = a.double(), b.double()
    same = (torch.isnan(ad) & torch.isnan(bd)) | (ad == bd)
    diff = torch.where(same, torch.zeros_like(ad), (ad - bd).abs())
    diff = torch.nan_to_num(diff, nan=float("inf"))
    ok = bool((diff <= atol + rtol * bd.abs().nan_to_num(0.0)).all())
    return ok, float(diff.max())


def read_output(path: Path, like: torch.Tensor) -> torch.Tensor:
    raw = path.read_bytes()
    if like.numel() == 0:
        return like.new_empty(like.shape)
    flat = torch.frombuffer(bytearray(raw), dtype=torch.uint8)
    return flat.view(like.dtype).reshape(like.shape).clone()


def missing_operators(text: str) -> str:
    m = re.search(r"operators? (?:missing|not (?:found|registered))[^:]*:\s*(.*)", text, re.I)
    if m:
        return m.group(1).strip()[:300]
    ops = re.findall(r"[a-z_]+::[A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)?", text)
    return ", ".join(dict.fromkeys(ops))[:300]


def run_pterun(pterun: Path, pte: Path, inputs: List[Path], out_dir: Path, runs: int, timeout: float) -> Tuple[str, str]:
    """Runs pterun; returns (outcome, detail) where outcome is ok, load, run, crash, timeout."""
    cmd = [str(pterun), "run", str(pte), "--print-output", "none", "--output-path", str(out_dir)]
    for i in inputs:
        cmd += ["--input", str(i)]
    if runs > 1:
        # The last execution's outputs are written; warm-ups are the earlier ones.
        cmd += ["--warm-up", str(runs - 1)]
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return "timeout", f"> {timeout:.0f} s"
    if p.returncode < 0:
        return "crash", f"signal {signal.Signals(-p.returncode).name}"
    if p.returncode != 0:
        text = " ".join((p.stderr or p.stdout).split())
        if "execution failed" in text:
            return "run", text[:300]
        if "missing" in text.lower() or "not supported" in text.lower() or "load" in text.lower():
            if "operator" in text.lower():
                return "load", "missing operators: " + missing_operators(text)
            return "load", text[:300]
        return "run", text[:300]
    return "ok", ""


def export_case(case: zoo_cases.Case, out_dir: Path) -> Dict[str, Any]:
    """Exports one case into `out_dir`, with references; returns its record."""
    from executorch.runtime import Runtime

    record: Dict[str, Any] = {"name": case.name, "group": case.group, "later": case.later}
    module = case.build()
    example = case.inputs()
    test = case.test_inputs() if case.test_inputs else example
    t0 = time.perf_counter()
    try:
        et = lower(case, module, example)
    except Exception as e:  # noqa: BLE001 - the exporter refusing a case is an outcome
        record.update(outcome="export error", detail=f"{type(e).__name__}: {fx_export._short(e, 200)}")
        return record
    record["export_s"] = round(time.perf_counter() - t0, 2)
    pte = out_dir / f"{case.name}.pte"
    pte.write_bytes(et.buffer)
    man = mf.pte_manifest(et.buffer)

    # Eager outputs, run after run on a copy (mutable state advances as in the program).
    eager_module = copy.deepcopy(module)
    eager_runs = []
    with torch.no_grad():
        for _ in range(case.runs):
            eager_runs.append([o.clone() for o in flatten_outputs(eager_module(*[fx_export.fresh(t) for t in test]))])

    official_runs: Optional[List[List[torch.Tensor]]] = None
    official_error = ""
    try:
        method = Runtime.get().load_program(pte).load_method("forward")
        official_runs = []
        for _ in range(case.runs):
            official_runs.append([o.clone() for o in method.execute([fx_export.fresh(t) for t in test])])
    except Exception as e:  # noqa: BLE001
        official_error = f"{type(e).__name__}: {fx_export._short(e, 200)}"
        official_runs = None

    official_usable = official_runs is not None and not case.official_deviates
    reference = "official" if official_usable else "eager"
    refs = official_runs if official_usable else eager_runs
    io: List[Dict[str, Any]] = []
    for i, t in enumerate(test):
        io.append(fx_export.io_entry(out_dir, f"{case.name}.input{i}.bin", t, "forward", "input", i))
    for run, outs in enumerate(refs):
        role = "expected" if run == 0 else f"expected_run{run + 1}"
        stem = "expected" if run == 0 else f"expected_run{run + 1}_"
        for i, o in enumerate(outs):
            io.append(fx_export.io_entry(out_dir, f"{case.name}.{stem}{i}.bin", o, "forward", role, i))
    official_vs_eager = None
    if official_runs is not None:
        diffs = [close(o, e, dtype_name(e))[1] for o, e in zip(official_runs[-1], eager_runs[-1]) if o.shape == e.shape]
        official_vs_eager = max(diffs, default=0.0)
    man.update(
        io=io,
        zoo={
            "reference": reference,
            "official_error": official_error,
            "official_deviates": case.official_deviates,
            "official_vs_eager": official_vs_eager,
            "runs": case.runs,
            "dtype": case.dtype,
            "tolerance": TOLERANCE.get(case.dtype, TOLERANCE["float32"]),
            "later": case.later,
        },
    )
    fx_export.write_json(out_dir / f"{case.name}.manifest.json", man)
    record.update(reference=reference, official_error=official_error, refs=refs, test=test)
    if not official_runs and not eager_runs:
        record.update(outcome="reference error", detail=official_error)
    return record


def check_case(record: Dict[str, Any], case: zoo_cases.Case, out_dir: Path, pterun: Path, timeout: float) -> None:
    if "outcome" in record:
        return
    pte = out_dir / f"{case.name}.pte"
    inputs = [out_dir / f"{case.name}.input{i}.bin" for i in range(len(record["test"]))]
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        outcome, detail = run_pterun(pterun, pte, inputs, Path(tmp), case.runs, timeout)
        record["pterun_s"] = round(time.perf_counter() - t0, 2)
        if outcome != "ok":
            record.setdefault("outcome", {"load": "load error", "run": "run error"}.get(outcome, outcome))
            record.setdefault("detail", detail)
            return
        want = record["refs"][-1]
        worst = 0.0
        ok = True
        for i, w in enumerate(want):
            path = Path(tmp) / f"output_{i}.bin"
            if not path.exists():
                record.setdefault("outcome", "run error")
                record.setdefault("detail", f"no output {i}")
                return
            got = read_output(path, w)
            good, diff = close(got, w, dtype_name(w))
            ok &= good
            worst = max(worst, diff)
    record.setdefault("outcome", "match" if ok else "mismatch")
    record.setdefault("detail", f"max diff {worst:.3g}")
    record["max_diff"] = worst


def mark_later(record: Dict[str, Any], case: zoo_cases.Case) -> None:
    """A case that needs later work and does not match yet is listed as such."""
    if case.later and record.get("outcome") != "match":
        issue = 18 if case.later == "xnnpack" else 19
        record["detail"] = f"{case.later} program (issue {issue}): {record.get('outcome')}, {record.get('detail', '')}"
        record["outcome"] = "later"


def main(argv: Optional[List[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--only", default="", help="comma-separated fnmatch patterns of case names")
    ap.add_argument("--group", choices=["small", "large", "all"], default="all")
    ap.add_argument("--pterun", type=Path, default=REPO / "target" / "release" / "pterun")
    ap.add_argument("--timeout", type=float, default=300.0, help="seconds per pterun run")
    ap.add_argument("--commit", action="store_true", help="small cases that match go to fixtures/zoo (else target/zoo)")
    ap.add_argument("--report", type=Path, default=REPO / "target" / "zoo" / "report.json")
    ap.add_argument("--list", action="store_true")
    args = ap.parse_args(argv)
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    torch.set_num_threads(1)

    selected = [c for c in zoo_cases.select(args.only) if args.group in ("all", c.group)]
    if args.list:
        for c in selected:
            print(f"{c.group:6s} {c.name}{'  (' + c.later + ')' if c.later else ''}")
        print(f"{len(selected)} cases")
        return 0
    if not args.pterun.exists():
        ap.error(f"{args.pterun} is missing: cargo build --release -p pterun-cli")
    work = REPO / "target" / "zoo"
    work.mkdir(parents=True, exist_ok=True)
    committed = REPO / "fixtures" / "zoo"
    if args.commit:
        committed.mkdir(parents=True, exist_ok=True)

    start = time.perf_counter()
    records: List[Dict[str, Any]] = []
    for case in selected:
        # Delegated cases are replayed by the backend's own tests (the runtime's zoo test
        # runs CPU programs only).
        out_dir = committed if (args.commit and case.group == "small" and not case.later) else work
        for old in out_dir.glob(f"{case.name}.*"):
            old.unlink()
        t0 = time.perf_counter()
        try:
            record = export_case(case, out_dir)
            check_case(record, case, out_dir, args.pterun, args.timeout)
            mark_later(record, case)
        except Exception as e:  # noqa: BLE001 - one broken case must not stop the table
            record = {"name": case.name, "group": case.group, "outcome": "harness error", "detail": f"{type(e).__name__}: {fx_export._short(e, 200)}"}
        record["total_s"] = round(time.perf_counter() - t0, 2)
        record.pop("refs", None)
        record.pop("test", None)
        records.append(record)
        print(f"{case.name:34s} {record['outcome']:15s} {record.get('reference', ''):8s} {record.get('detail', '')}", flush=True)
        if args.commit and out_dir == committed and record["outcome"] != "match":
            # Only cases pterun passes are committed for CI to replay.
            for f in committed.glob(f"{case.name}.*"):
                f.unlink()
    total = time.perf_counter() - start

    counts: Dict[str, int] = {}
    for r in records:
        counts[r["outcome"]] = counts.get(r["outcome"], 0) + 1
    print()
    print("| case | group | outcome | reference | detail |")
    print("|---|---|---|---|---|")
    for r in records:
        print(f"| {r['name']} | {r['group']} | {r['outcome']} | {r.get('reference', '')} | {r.get('detail', '')} |")
    print()
    print(", ".join(f"{k}: {v}" for k, v in sorted(counts.items())) + f"; {len(records)} cases in {total:.0f} s")
    args.report.parent.mkdir(parents=True, exist_ok=True)
    args.report.write_text(json.dumps({"total_s": round(total, 1), "counts": counts, "cases": records}, indent=2) + "\n")
    if args.commit:
        names = sorted(p.name[: -len(".manifest.json")] for p in committed.glob("*.manifest.json"))
        fx_export.write_index(committed, names)
    return 0


if __name__ == "__main__":
    sys.exit(main())
