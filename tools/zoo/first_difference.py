#!/usr/bin/env python3
"""Name the first operator whose results differ between pterun and the official runtime.

    tools/fixtures/.venv/bin/python tools/zoo/first_difference.py PROGRAM.pte INPUT.bin... [--pterun PATH]

Inputs are raw little-endian files of the program's input types and sizes (as the zoo
and the fixtures write them; `.npy` works too). The official runtime runs the program
with an ETDump debug buffer, which records every instruction's output tensors; pterun runs
it with `--dump-values`. Instructions are compared in execution order (same chain, same
instruction index); the first whose outputs differ beyond the bound is printed with the
operator's name, both values' statistics and the largest difference. Steps pterun computed
at load (folded) or fused into a later step have no dump of their own: a difference then
shows at the step that now writes the value, which the report says.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Dict, List, Tuple

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(HERE))

import torch  # noqa: E402

from zoo import TOLERANCE, close  # noqa: E402

# ExecuTorch scalar type codes (c10::ScalarType order) for the types programs use.
SCALAR_TYPES = {
    0: torch.uint8, 1: torch.int8, 2: torch.int16, 3: torch.int32, 4: torch.int64,
    5: torch.float16, 6: torch.float32, 7: torch.float64, 11: torch.bool, 15: torch.bfloat16,
}
DTYPES = {
    "float32": torch.float32, "float64": torch.float64, "float16": torch.float16,
    "bfloat16": torch.bfloat16, "int64": torch.int64, "int32": torch.int32, "int16": torch.int16,
    "int8": torch.int8, "uint8": torch.uint8, "bool": torch.bool,
}


def from_bytes(raw: bytes, dtype: torch.dtype, sizes: List[int]) -> torch.Tensor:
    if not raw:
        return torch.empty(sizes, dtype=dtype)
    return torch.frombuffer(bytearray(raw), dtype=torch.uint8).view(dtype).reshape(sizes).clone()


def official_values(pte: Path, inputs: List[torch.Tensor]) -> Dict[Tuple[int, int], List[torch.Tensor]]:
    from executorch.devtools.etdump.serialize import deserialize_from_etdump_flatcc
    from executorch.runtime import Runtime

    # The LLM and quantized kernels live in their own libraries; importing these modules
    # registers them with the runtime.
    from executorch.extension.llm.custom_ops import custom_ops  # noqa: F401
    import executorch.kernels.quantized  # noqa: F401

    program = Runtime.get().load_program(pte, enable_etdump=True, debug_buffer_size=1 << 28)
    program.load_method("forward").execute(inputs)
    with tempfile.TemporaryDirectory() as tmp:
        etdump, debug = Path(tmp) / "run.etdp", Path(tmp) / "debug.bin"
        program.write_etdump_result_to_file(str(etdump), str(debug))
        dump = deserialize_from_etdump_flatcc(etdump.read_bytes())
        buffer = debug.read_bytes()
    values: Dict[Tuple[int, int], List[torch.Tensor]] = {}
    for run in dump.run_data:
        for event in run.events or []:
            debug_event = event.debug_event
            if debug_event is None or debug_event.chain_index > 1 << 32:
                continue
            entry = debug_event.debug_entry
            tensors = [entry.tensor] if entry.tensor is not None else list(entry.tensor_list.tensors if entry.tensor_list else [])
            key = (debug_event.chain_index, debug_event.instruction_id)
            for t in tensors:
                dtype = SCALAR_TYPES.get(int(getattr(t.scalar_type, "value", t.scalar_type)))
                if dtype is None or t.offset is None:
                    continue
                n = 1
                for s in t.sizes:
                    n *= s
                nbytes = n * torch.empty(0, dtype=dtype).element_size()
                values.setdefault(key, []).append(from_bytes(buffer[t.offset : t.offset + nbytes], dtype, list(t.sizes)))
    return values


def pterun_values(pterun: Path, pte: Path, inputs: List[Path], out: Path) -> Dict[Tuple[int, int], Tuple[str, List[torch.Tensor]]]:
    cmd = [str(pterun), "run", str(pte), "--print-output", "none", "--dump-values", str(out)]
    for i in inputs:
        cmd += ["--input", str(i)]
    subprocess.run(cmd, check=True, capture_output=True)
    values: Dict[Tuple[int, int], Tuple[str, List[torch.Tensor]]] = {}
    for e in json.loads((out / "index.json").read_text()):
        t = from_bytes((out / e["file"]).read_bytes(), DTYPES[e["dtype"]], e["sizes"])
        values.setdefault((e["chain"], e["instruction"]), (e["op"], []))[1].append(t)
    return values


def load_input(path: Path, meta: Dict) -> torch.Tensor:
    if path.suffix == ".npy":
        import numpy as np

        return torch.from_numpy(np.load(path))
    raw = path.read_bytes()
    dtype = DTYPES[meta["dtype"]]
    sizes = list(meta["sizes"])
    # A dynamic input's serialized sizes are its upper bounds: a shorter file fills the
    # last dimension (token sequences, for instance).
    if sizes and len(raw) != torch.Size(sizes).numel() * dtype.itemsize:
        sizes[-1] = -1
    return from_bytes(raw, dtype, sizes)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("program", type=Path)
    ap.add_argument("inputs", type=Path, nargs="*")
    ap.add_argument("--pterun", type=Path, default=REPO / "target" / "release" / "pterun")
    ap.add_argument("--exact", action="store_true", help="the first output that is not bit-equal")
    args = ap.parse_args()
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    sys.path.insert(0, str(REPO / "tools" / "fixtures"))
    import manifest as mf

    method = mf.pte_manifest(args.program.read_bytes())["methods"][0]
    metas = [m for m in method["inputs"] if m["kind"] == "tensor"]
    inputs = [load_input(p, m) for p, m in zip(args.inputs, metas)]
    official = official_values(args.program, inputs)
    with tempfile.TemporaryDirectory() as tmp:
        ours = pterun_values(args.pterun, args.program, args.inputs, Path(tmp))
    compared = 0
    for key in sorted(official):
        if key not in ours:
            continue
        op, mine = ours[key]
        theirs = official[key]
        for k, (a, b) in enumerate(zip(mine, theirs)):
            dtype = str(b.dtype).replace("torch.", "")
            ok, diff = close(a, b, dtype)
            if args.exact and ok and a.shape == b.shape and not torch.equal(a, b):
                ok = False
            compared += 1
            if not ok:
                print(f"first difference: chain {key[0]} instruction {key[1]} ({op}), output {k}")
                print(f"  pterun   {tuple(a.shape)} {a.dtype} mean {a.double().mean():.6g} max {a.double().abs().max():.6g}")
                print(f"  official {tuple(b.shape)} {b.dtype} mean {b.double().mean():.6g} max {b.double().abs().max():.6g}")
                print(f"  largest |difference| {diff:.6g} (bound {TOLERANCE.get(dtype, TOLERANCE['float32'])})")
                missing = [k for k in sorted(official) if k < key and k not in ours]
                if missing:
                    print(f"  earlier instructions pterun computed at load or fused: {[k[1] for k in missing]}")
                return 1
    print(f"no difference in {compared} compared outputs of {len(official)} instructions")
    return 0


if __name__ == "__main__":
    sys.exit(main())
