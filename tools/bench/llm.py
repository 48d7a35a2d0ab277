#!/usr/bin/env python3
"""Text generation speed: pterun generate against the official runtime on the same file.

Exports (once, cached under fixtures/large/llm/) a Llama-architecture model with random
weights through the pinned exporter's LLM export (KV cache, custom SDPA, dynamic shape),
in the forms asked for (`8da4w` XNNPACK by default, `xnnpack_f32`, `portable_f32`). Then,
round by round and alternating which goes first, each runtime in a process of its own:

* the official runtime (`executorch.runtime`, with its llama custom ops): prefill the
  prompt ids in one call, then greedy decoding, one token per call; time to first token,
  decode tokens per second, method load, peak RSS (`ru_maxrss`);
* `pterun generate` with the same ids (a word-level tokenizer `t0 t1 ...` makes the prompt
  text map to exactly those ids) and its `--json-report`.

At one thread both are pinned to cpu 0 (`taskset`), the official runtime with
`OMP_NUM_THREADS=1`; at all cores neither is pinned. The table gives the medians and the
median of the per-round ratios, with the CPU model and its vector extensions. Both greedy
id lists are compared (they must agree). A benchmark, not a test.

Usage (repository root):
  cargo build --release -p pterun-cli
  tools/fixtures/.venv/bin/python tools/bench/llm.py --size 110m --rounds 5 --new-tokens 64
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / "fixtures" / "large" / "llm"
PTERUN = Path(os.environ.get("PTERUN", ROOT / "target" / "release" / "pterun"))

SIZES = {
    # name: (dim, layers, heads, kv heads, vocab, hidden multiple)
    "tiny": (64, 2, 4, 2, 512, 32),
    "110m": (768, 12, 12, 12, 32000, 256),
    "260m": (1024, 16, 16, 8, 32000, 256),
}

OFFICIAL = r"""
import json, resource, sys, time
import torch
from executorch.runtime import Runtime
from executorch.extension.llm.custom_ops import custom_ops  # noqa: F401 (registers llama::)
path, prompt, new = sys.argv[1], json.loads(sys.argv[2]), int(sys.argv[3])
t0 = time.perf_counter()
method = Runtime.get().load_program(path).load_method("forward")
load = time.perf_counter() - t0
tokens = torch.tensor([prompt], dtype=torch.long)
t1 = time.perf_counter()
logits = method.execute([tokens, torch.tensor([0], dtype=torch.long)])[0]
nxt = int(logits[0].argmax())
ttft = time.perf_counter() - t1
ids, pos = [nxt], len(prompt)
t2 = time.perf_counter()
for _ in range(new - 1):
    logits = method.execute([torch.tensor([[nxt]], dtype=torch.long), torch.tensor([pos], dtype=torch.long)])[0]
    nxt = int(logits[0].argmax()); ids.append(nxt); pos += 1
decode = time.perf_counter() - t2
print(json.dumps({"load_ms": load * 1e3, "ttft_ms": ttft * 1e3,
                  "decode_tps": (new - 1) / decode if decode > 0 else 0.0,
                  "peak_rss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, "ids": ids}))
"""


def cpu_description() -> str:
    model, flags = "unknown", set()
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name") and model == "unknown":
            model = line.split(":", 1)[1].strip()
        if line.startswith("flags") and not flags:
            flags = set(line.split(":", 1)[1].split())
    wanted = ["avx2", "fma", "avx512f", "avx512_vnni", "avx512_bf16", "avx512_fp16", "avx_vnni"]
    return f"{model}; {os.cpu_count()} vCPUs; " + ", ".join(f for f in wanted if f in flags)


def export(size: str, form: str) -> Path:
    out = CACHE / f"{size}_{form}.pte"
    if out.exists():
        return out
    CACHE.mkdir(parents=True, exist_ok=True)
    import torch
    from executorch.examples.models.llama.export_llama_lib import export_llama
    from executorch.examples.models.llama.llama_transformer import construct_transformer
    from executorch.examples.models.llama.model_args import ModelArgs
    from executorch.extension.llm.export.config.llm_config import LlmConfig, ModelType

    dim, layers, heads, kv, vocab, multiple = SIZES[size]
    params = {"dim": dim, "n_layers": layers, "n_heads": heads, "n_kv_heads": kv,
              "vocab_size": vocab, "multiple_of": multiple, "norm_eps": 1e-5, "rope_theta": 500000.0}
    work = Path(tempfile.mkdtemp(prefix="pterun-llm-"))
    (work / "params.json").write_text(json.dumps(params))
    torch.manual_seed(0)
    model = construct_transformer(ModelArgs(**params, max_seq_len=256, max_context_len=256))
    state = model.state_dict()
    state["output.weight"] = state["output.weight"] * 4.0  # logits that are not flat
    torch.save(state, work / "weights.pth")
    c = LlmConfig()
    c.base.model_class = ModelType.llama3
    c.base.params = str(work / "params.json")
    c.base.checkpoint = str(work / "weights.pth")
    c.base.metadata = json.dumps({"get_bos_id": vocab - 2, "get_eos_ids": [vocab - 1]})
    c.model.use_kv_cache = True
    c.model.use_sdpa_with_kv_cache = True
    c.model.enable_dynamic_shape = True
    c.export.max_seq_length = 256
    c.export.max_context_length = 256
    c.export.output_dir = str(CACHE)
    # An output_name ending in .pte is taken as a path as given, not under output_dir.
    c.export.output_name = str(out)
    if form != "portable_f32":
        c.backend.xnnpack.enabled = True
        c.backend.xnnpack.extended_ops = True
    if form == "8da4w":
        c.quantization.qmode = "8da4w"
        c.quantization.group_size = 32
    export_llama(c)
    return out


def word_tokenizer(vocab: int) -> Path:
    path = CACHE / f"words_{vocab}.json"
    if not path.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        words = {f"t{i}": i for i in range(vocab)}
        path.write_text(json.dumps({"version": "1.0", "model": {"type": "WordLevel", "vocab": words,
                                    "unk_token": "t0"}, "pre_tokenizer": {"type": "Whitespace"}}))
    return path


def official(program: Path, prompt: list, new: int, threads: int) -> dict:
    env = dict(os.environ)
    cmd = [sys.executable, "-c", OFFICIAL, str(program), json.dumps(prompt), str(new)]
    if threads == 1:
        env["OMP_NUM_THREADS"] = "1"
        cmd = ["taskset", "-c", "0"] + cmd
    out = subprocess.run(cmd, env=env, check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def pterun(program: Path, tokenizer: Path, prompt: list, new: int, threads: int) -> dict:
    report = Path(tempfile.mktemp(suffix=".json"))
    cmd = [str(PTERUN), "generate", str(program), "--tokenizer", str(tokenizer),
           "--prompt", " ".join(f"t{i}" for i in prompt), "--temperature", "0",
           "--max-new-tokens", str(new), "--ignore-eos", "--json-report", str(report)]
    if threads == 1:
        cmd = ["taskset", "-c", "0"] + cmd + ["--threads", "1"]
    subprocess.run(cmd, check=True, capture_output=True)
    r = json.loads(report.read_text())
    report.unlink()
    return {"load_ms": r["method_load_ms"] + r["program_load_ms"], "ttft_ms": r["time_to_first_token_ms"],
            "decode_tps": r["decode_tokens_per_second"], "peak_rss_kib": r["peak_rss_kib"],
            "ids": r["generated_tokens"]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", default="110m", choices=sorted(SIZES))
    parser.add_argument("--forms", default="8da4w", help="comma-separated: 8da4w, xnnpack_f32, portable_f32")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--prompt-tokens", type=int, default=32)
    parser.add_argument("--new-tokens", type=int, default=64)
    parser.add_argument("--threads", default=f"1,{os.cpu_count()}")
    parser.add_argument("--json", type=Path, help="write the measurements here")
    args = parser.parse_args()
    if not PTERUN.exists():
        sys.exit(f"{PTERUN} is missing: cargo build --release -p pterun-cli")
    vocab = SIZES[args.size][4]
    tokenizer = word_tokenizer(vocab)
    prompt = [vocab - 2] + [(7 * i + 3) % (vocab - 2) for i in range(args.prompt_tokens - 1)]
    print(f"CPU: {cpu_description()}")
    results = []
    for form in args.forms.split(","):
        program = export(args.size, form)
        for threads in [int(t) for t in args.threads.split(",")]:
            rounds = []
            for r in range(args.rounds):
                order = ["official", "pterun"] if r % 2 == 0 else ["pterun", "official"]
                got = {}
                for who in order:
                    got[who] = (official(program, prompt, args.new_tokens, threads) if who == "official"
                                else pterun(program, tokenizer, prompt, args.new_tokens, threads))
                rounds.append(got)
            med = lambda who, key: statistics.median(r[who][key] for r in rounds)
            ratio = lambda key: statistics.median(r["pterun"][key] / r["official"][key] for r in rounds)
            same = all(r["pterun"]["ids"] == r["official"]["ids"] for r in rounds)
            row = {"form": form, "threads": threads, "same_ids": same,
                   "decode_tps": (med("pterun", "decode_tps"), med("official", "decode_tps"), ratio("decode_tps")),
                   "ttft_ms": (med("pterun", "ttft_ms"), med("official", "ttft_ms"), ratio("ttft_ms")),
                   "load_ms": (med("pterun", "load_ms"), med("official", "load_ms"), ratio("load_ms")),
                   "peak_rss_kib": (med("pterun", "peak_rss_kib"), med("official", "peak_rss_kib"),
                                    ratio("peak_rss_kib"))}
            results.append(row)
            print(json.dumps(row))
    print()
    print(f"| {args.size} form | threads | decode tok/s pterun / official (ratio) | TTFT ms (ratio) | "
          "load ms (ratio) | peak RSS MiB (ratio) | same greedy ids |")
    print("|---|---|---|---|---|---|---|")
    for row in results:
        d, t, l, m = row["decode_tps"], row["ttft_ms"], row["load_ms"], row["peak_rss_kib"]
        print(f"| {row['form']} | {row['threads']} | {d[0]:.1f} / {d[1]:.1f} ({d[2]:.2f}) | "
              f"{t[0]:.1f} / {t[1]:.1f} ({t[2]:.2f}) | {l[0]:.0f} / {l[1]:.0f} ({l[2]:.2f}) | "
              f"{m[0] / 1024:.0f} / {m[1] / 1024:.0f} ({m[2]:.2f}) | {row['same_ids']} |")
    if args.json:
        args.json.write_text(json.dumps({"cpu": cpu_description(), "results": results}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
