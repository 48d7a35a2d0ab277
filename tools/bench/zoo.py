#!/usr/bin/env python3
"""Checks that more architectures export without delegation and run in pterun with the
official runtime's results: the torchvision cases of the differential zoo
(tools/zoo/cases.py; by default EfficientNet-B0, SqueezeNet, ShuffleNetV2, DenseNet-121,
DeepLabV3 and FCN, or the cases matching --only) and a decoder-only LLM block (RMSNorm,
causal attention, SiLU-gated MLP). Inputs are the cases' own (small images, to keep the
portable reference runs short). Not a test: needs the fixture venv.

  PY=tools/fixtures/.venv/bin/python; cargo build --release -p pterun-cli
  $PY tools/bench/zoo.py [--only 'tv_resnet*']
"""

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import torch

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "fixtures" / "large" / "zoo"
sys.path.insert(0, str(ROOT / "tools" / "zoo"))

import cases as zoo_cases  # noqa: E402

# The zoo's torchvision cases this bench runs unless told otherwise.
TORCHVISION = "tv_efficientnet_b0,tv_squeezenet,tv_shufflenet_v2,tv_densenet121,tv_deeplabv3_mobilenet,tv_fcn_resnet50"


class RMSNorm(torch.nn.Module):
    def __init__(self, d):
        super().__init__()
        self.w = torch.nn.Parameter(torch.ones(d) + 0.1 * torch.randn(d))

    def forward(self, x):
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + 1e-6) * self.w


class DecoderBlock(torch.nn.Module):
    """One pre-norm decoder layer over token embeddings, as in small LLMs."""

    def __init__(self, vocab=256, d=64, heads=4):
        super().__init__()
        self.emb = torch.nn.Embedding(vocab, d)
        self.n1, self.n2 = RMSNorm(d), RMSNorm(d)
        self.qkv = torch.nn.Linear(d, 3 * d, bias=False)
        self.proj = torch.nn.Linear(d, d, bias=False)
        self.gate = torch.nn.Linear(d, 4 * d, bias=False)
        self.up = torch.nn.Linear(d, 4 * d, bias=False)
        self.down = torch.nn.Linear(4 * d, d, bias=False)
        self.head = torch.nn.Linear(d, vocab, bias=False)
        self.heads = heads

    def forward(self, tokens):
        x = self.emb(tokens)
        b, t, d = x.shape
        q, k, v = self.qkv(self.n1(x)).split(d, dim=-1)
        q, k, v = (z.view(b, t, self.heads, d // self.heads).transpose(1, 2) for z in (q, k, v))
        a = torch.nn.functional.scaled_dot_product_attention(q, k, v, is_causal=True)
        x = x + self.proj(a.transpose(1, 2).reshape(b, t, d))
        h = self.n2(x)
        x = x + self.down(torch.nn.functional.silu(self.gate(h)) * self.up(h))
        return self.head(x).argmax(-1), self.head(x)


def models(pattern):
    """(name, module in eval mode, inputs): the zoo's cases matching `pattern` (seeded and
    batch-norm calibrated as the zoo builds them), then the decoder block."""
    for case in zoo_cases.select(pattern):
        yield case.name, case.build(), case.inputs()
    torch.manual_seed(0)
    g = torch.Generator().manual_seed(3)
    yield "decoder_block", DecoderBlock().eval(), (torch.randint(0, 256, (1, 16), generator=g),)


def main():
    from executorch.exir import to_edge
    from executorch.runtime import Runtime

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default=TORCHVISION, help="comma-separated fnmatch patterns of zoo cases")
    args = parser.parse_args()
    if not args.only.strip(","):
        parser.error("--only needs a pattern (all the zoo's cases would take hours)")
    OUT.mkdir(parents=True, exist_ok=True)
    binary = ROOT / "target" / "release" / "pterun"
    rows = []
    for name, model, xs in models(args.only):
        pte = OUT / f"{name}.pte"
        ep = torch.export.export(model, xs)
        pte.write_bytes(to_edge(ep).to_executorch().buffer)
        inputs = []
        for i, x in enumerate(xs):
            path = OUT / f"{name}.input{i}.bin"
            path.write_bytes(x.contiguous().numpy().tobytes())
            inputs += ["--input", str(path)]
        official = Runtime.get().load_program(str(pte)).load_method("forward").execute(list(xs))
        with tempfile.TemporaryDirectory() as tmp:
            proc = subprocess.run([str(binary), "run", str(pte), *inputs, "--output-path", tmp,
                                   "--print-output", "none"], capture_output=True, text=True)
            if proc.returncode != 0:
                rows.append((name, "FAILED: " + proc.stderr.strip()[-300:]))
                continue
            worst, ok = 0.0, True
            for i, o in enumerate(official):
                want = o.detach().contiguous().numpy()
                got = np.fromfile(Path(tmp) / f"output_{i}.bin", dtype=want.dtype).reshape(want.shape)
                if want.dtype.kind == "f":
                    diff = np.abs(got - want)
                    worst = max(worst, float(diff.max()))
                    ok &= bool(np.all(diff <= 1e-5 + 1e-4 * np.abs(want)))
                else:
                    ok &= bool(np.array_equal(got, want))
            rows.append((name, f"{'match' if ok else 'DIFFER'} (max |diff| {worst:.1e}, {len(official)} output(s))"))
        print(rows[-1], file=sys.stderr)
    print("| model | pterun vs official runtime |\n|---|---|")
    for name, result in rows:
        print(f"| {name} | {result} |")
    (OUT / "results.json").write_text(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
