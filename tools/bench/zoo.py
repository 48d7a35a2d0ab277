#!/usr/bin/env python3
"""Checks that more architectures export without delegation and run in pterun with the
official runtime's results: torchvision EfficientNet-B0, SqueezeNet, ShuffleNetV2,
DenseNet-121, DeepLabV3 and FCN (ResNet-50 backbones) and a decoder-only LLM block
(RMSNorm, causal attention, SiLU-gated MLP). Inputs are small (64x64 images) to keep the
portable reference runs short. Not a test: needs the fixture venv.

  PY=tools/fixtures/.venv/bin/python; cargo build --release -p pterun-cli
  $PY tools/bench/zoo.py
"""

import json
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import torch

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "fixtures" / "large" / "zoo"


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


def models():
    import torchvision.models as m
    import torchvision.models.segmentation as seg

    img = (1, 3, 64, 64)
    yield "efficientnet_b0", m.efficientnet_b0(weights=None), img
    yield "squeezenet1_1", m.squeezenet1_1(weights=None), img
    yield "shufflenet_v2_x1_0", m.shufflenet_v2_x1_0(weights=None), img
    yield "densenet121", m.densenet121(weights=None), img
    yield "deeplabv3_resnet50", seg.deeplabv3_resnet50(weights=None, weights_backbone=None, aux_loss=False), img
    yield "fcn_resnet50", seg.fcn_resnet50(weights=None, weights_backbone=None, aux_loss=False), img
    yield "decoder_block", DecoderBlock(), (1, 16)


class Outputs(torch.nn.Module):
    """Segmentation models return a dict; export its tensors as a tuple."""

    def __init__(self, inner):
        super().__init__()
        self.inner = inner

    def forward(self, x):
        y = self.inner(x)
        return tuple(y.values()) if isinstance(y, dict) else y


def main():
    from executorch.exir import to_edge
    from executorch.runtime import Runtime

    OUT.mkdir(parents=True, exist_ok=True)
    binary = ROOT / "target" / "release" / "pterun"
    rows = []
    for name, model, shape in models():
        torch.manual_seed(0)
        model = Outputs(model)
        if any(isinstance(mod, torch.nn.modules.batchnorm._BatchNorm) for mod in model.modules()):
            model.train()
            with torch.no_grad():
                for _ in range(2):
                    model(torch.randn((2,) + tuple(shape[1:])))
        model.eval()
        g = torch.Generator().manual_seed(3)
        x = torch.randint(0, 256, shape, generator=g) if name == "decoder_block" else torch.randn(shape, generator=g)
        pte = OUT / f"{name}.pte"
        ep = torch.export.export(model, (x,))
        pte.write_bytes(to_edge(ep).to_executorch().buffer)
        inp = OUT / f"{name}.input0.bin"
        inp.write_bytes(x.contiguous().numpy().tobytes())
        official = Runtime.get().load_program(str(pte)).load_method("forward").execute([x])
        with tempfile.TemporaryDirectory() as tmp:
            proc = subprocess.run([str(binary), "run", str(pte), "--input", str(inp), "--output-path", tmp,
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
