"""The zoo's cases: programs exported from public model code (torch.nn, torchvision,
Hugging Face transformers random-initialised from small configs).

A case is a `Case`: a module factory, example inputs for tracing, optional test inputs of
other sizes (dynamic shapes), how many times the method runs (mutable state), its group
(`small`: committed under fixtures/zoo and replayed by CI; `large`: generated on demand),
and what it needs (`transformers`, `xnnpack`, `quantized`: later work).

Weights and inputs come from generators seeded by the case name, so an export is
reproducible. Batch-norm models get a few train-mode passes on random data first, so
their outputs are not near zero.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Optional, Tuple

import torch
import torch.nn.functional as F
from torch import nn


@dataclass
class Case:
    name: str
    build: Callable[[], nn.Module]
    inputs: Callable[[], Tuple[torch.Tensor, ...]]
    # concrete inputs to run (default: the example inputs); for dynamic shapes, other sizes
    test_inputs: Optional[Callable[[], Tuple[torch.Tensor, ...]]] = None
    dynamic_shapes: Optional[Callable[[], Any]] = None
    runs: int = 1
    group: str = "small"
    # "xnnpack" or "quantized": needs later work (issues 18, 19), listed apart
    later: str = ""
    needs: List[str] = field(default_factory=list)
    # bound on |a - b| <= atol + rtol |b| for floating outputs, by reference dtype
    dtype: str = "float32"
    # why eager PyTorch is the reference although the official runtime runs the program
    # (it deviates from PyTorch's definition there); empty: the official runtime is
    official_deviates: str = ""
    # trace with torch.export's strict (dynamo) mode; transformers' static-cache wrapper
    # fails in non-strict mode with torch 2.13
    strict: bool = False


CASES: Dict[str, Case] = {}


def seed_of(name: str) -> int:
    return zlib.crc32(name.encode())


def gen(name: str, salt: int = 0) -> torch.Generator:
    g = torch.Generator()
    g.manual_seed(seed_of(name) + salt)
    return g


def rand(name: str, *shape: int, salt: int = 0, dtype=torch.float32) -> torch.Tensor:
    return torch.randn(*shape, generator=gen(name, salt)).to(dtype)


def ints(name: str, low: int, high: int, *shape: int, salt: int = 0, dtype=torch.int64) -> torch.Tensor:
    return torch.randint(low, high, shape, generator=gen(name, salt)).to(dtype)


def seeded_module(name: str, factory: Callable[[], nn.Module]) -> Callable[[], nn.Module]:
    def build() -> nn.Module:
        torch.manual_seed(seed_of(name))
        return factory().eval()

    return build


def add(name: str, factory: Callable[[], nn.Module], inputs: Callable[[str], Tuple[torch.Tensor, ...]], **kw: Any) -> None:
    if name in CASES:
        raise ValueError(f"duplicate case {name}")
    CASES[name] = Case(name, seeded_module(name, factory), lambda: inputs(name), **kw)


def calibrate_batchnorm(model: nn.Module, name: str, shape: Tuple[int, ...], passes: int = 3) -> nn.Module:
    bns = [m for m in model.modules() if isinstance(m, nn.modules.batchnorm._BatchNorm)]
    if bns:
        for bn in bns:
            bn.reset_running_stats()
            bn.momentum = None
        model.train()
        with torch.no_grad():
            for i in range(passes):
                model(rand(name, *shape, salt=100 + i))
    return model.eval()


class Lambda(nn.Module):
    """A module from a function and optional parameters (for small graph patterns)."""

    def __init__(self, fn: Callable[..., Any], **params: torch.Tensor):
        super().__init__()
        self.fn = fn
        for k, v in params.items():
            self.register_parameter(k, nn.Parameter(v, requires_grad=False))

    def forward(self, *xs: torch.Tensor) -> Any:
        return self.fn(self, *xs)


def fn(f: Callable[..., Any], **params: Callable[[], torch.Tensor]) -> Callable[[], nn.Module]:
    return lambda: Lambda(f, **{k: v() for k, v in params.items()})


def x_of(*shape: int, dtype=torch.float32) -> Callable[[str], Tuple[torch.Tensor, ...]]:
    return lambda name: (rand(name, *shape, dtype=dtype),)


# ----------------------------------------------------------------- aliasing regressions

add("fold_reshape_alias", fn(lambda m, x: x + (m.w * 2).reshape(60), w=lambda: torch.randn(12, 5)), x_of(60))
add(
    "fold_view_chain",
    fn(lambda m, x: x * ((m.w + 1).reshape(4, 15).t().reshape(60) * 3), w=lambda: torch.randn(12, 5)),
    x_of(60),
)
add("fold_alias_output", fn(lambda m, x: (x.sum(), (m.w * 2).reshape(6, 10)), w=lambda: torch.randn(12, 5)), x_of(3))
def _with(module: nn.Module, **children: nn.Module) -> nn.Module:
    for k, v in children.items():
        module.add_module(k, v)
    return module


# F.linear on a transposed 3-D input exports as permute(W) -> expand -> view -> bmm.
add(
    "linear_transposed_3d",
    lambda: _with(Lambda(lambda m, x: m.lin(x.transpose(0, 1))), lin=nn.Linear(8, 6)),
    x_of(5, 2, 8),
)
add("mha_batch_first", lambda: _mha(batch_first=True), x_of(2, 5, 16))
add("mha_seq_first", lambda: _mha(batch_first=False), x_of(5, 2, 16))


def _mha(batch_first: bool) -> nn.Module:
    attn = nn.MultiheadAttention(16, 2, batch_first=batch_first)
    return _with(Lambda(lambda m, x: m.attn(x, x, x, need_weights=False)[0]), attn=attn)


def _causal(m: nn.Module, x: torch.Tensor) -> torch.Tensor:
    n = x.shape[1]
    mask = torch.triu(torch.full((n, n), float("-inf")), diagonal=1)
    return m.attn(x, x, x, attn_mask=mask, need_weights=False)[0]


add("mha_causal_mask", lambda: _with(Lambda(_causal), attn=nn.MultiheadAttention(16, 4, batch_first=True)), x_of(2, 6, 16))
add(
    "transformer_encoder",
    lambda: nn.TransformerEncoder(nn.TransformerEncoderLayer(16, 2, 32, dropout=0.0, batch_first=True), 2, enable_nested_tensor=False),
    x_of(2, 5, 16),
)
add(
    "transformer_encoder_norm_first",
    lambda: nn.TransformerEncoder(
        nn.TransformerEncoderLayer(16, 4, 32, dropout=0.0, batch_first=True, norm_first=True, activation="gelu"),
        2,
        enable_nested_tensor=False,
    ),
    x_of(1, 7, 16),
)
add(
    "transformer_decoder_layer",
    lambda: _with(
        Lambda(lambda m, x, mem: m.dec(x, mem)),
        dec=nn.TransformerDecoderLayer(16, 2, 32, dropout=0.0, batch_first=True),
    ),
    lambda name: (rand(name, 2, 4, 16), rand(name, 2, 6, 16, salt=1)),
)
add(
    "transformer_full",
    lambda: _with(
        Lambda(lambda m, src, tgt: m.t(src, tgt)),
        t=nn.Transformer(16, 2, 1, 1, 32, dropout=0.0, batch_first=True),
    ),
    lambda name: (rand(name, 1, 5, 16), rand(name, 1, 3, 16, salt=1)),
)
add("lstm", lambda: _with(Lambda(lambda m, x: m.rnn(x)[0]), rnn=nn.LSTM(8, 12, batch_first=True)), x_of(2, 5, 8))
add(
    "lstm_bidirectional_2layer",
    lambda: _with(Lambda(lambda m, x: m.rnn(x)[0]), rnn=nn.LSTM(8, 12, num_layers=2, bidirectional=True)),
    x_of(5, 2, 8),
)
add("gru", lambda: _with(Lambda(lambda m, x: m.rnn(x)[0]), rnn=nn.GRU(8, 12, num_layers=2, batch_first=True)), x_of(2, 5, 8))
add("rnn_tanh", lambda: _with(Lambda(lambda m, x: m.rnn(x)[0]), rnn=nn.RNN(8, 12, batch_first=True)), x_of(2, 5, 8))

# ----------------------------------------------------------------- convolutions

add("conv1d", lambda: nn.Conv1d(4, 6, 3, padding=1), x_of(2, 4, 16))
add("conv1d_stride_dilation", lambda: nn.Conv1d(4, 6, 3, stride=2, dilation=2), x_of(1, 4, 21))
add("conv2d_groups", lambda: nn.Conv2d(8, 8, 3, padding=1, groups=4), x_of(1, 8, 9, 9))
add("conv2d_depthwise", lambda: nn.Conv2d(8, 8, 3, padding=1, groups=8), x_of(1, 8, 10, 10))
add("conv2d_padding_modes", lambda: nn.Conv2d(3, 4, 3, padding=1, padding_mode="reflect"), x_of(1, 3, 8, 8))
add("conv2d_circular", lambda: nn.Conv2d(3, 4, 3, padding=1, padding_mode="circular"), x_of(1, 3, 8, 8))
add("conv3d", lambda: nn.Conv3d(2, 4, 3, padding=1), x_of(1, 2, 4, 6, 6))
add("conv_transpose1d", lambda: nn.ConvTranspose1d(4, 3, 4, stride=2, padding=1), x_of(1, 4, 9))
add("conv_transpose2d", lambda: nn.ConvTranspose2d(4, 3, 3, stride=2, padding=1, output_padding=1), x_of(1, 4, 5, 5))
add("conv_transpose2d_groups", lambda: nn.ConvTranspose2d(4, 4, 3, stride=2, groups=2), x_of(1, 4, 5, 5))

# ----------------------------------------------------------------- normalisation


def _bn(kind: Callable[[], nn.Module], shape: Tuple[int, ...]):
    return lambda name: calibrate_batchnorm(kind(), name, shape)


for _name, _factory, _shape in [
    ("batchnorm1d", lambda: nn.Sequential(nn.Linear(6, 8), nn.BatchNorm1d(8)), (4, 6)),
    ("batchnorm2d", lambda: nn.Sequential(nn.Conv2d(3, 8, 3), nn.BatchNorm2d(8), nn.ReLU()), (4, 3, 8, 8)),
    ("batchnorm3d", lambda: nn.Sequential(nn.Conv3d(2, 4, 3), nn.BatchNorm3d(4)), (2, 2, 5, 5, 5)),
]:
    CASES[_name] = Case(
        _name,
        (lambda n, f, s: lambda: (torch.manual_seed(seed_of(n)), calibrate_batchnorm(f(), n, s))[1])(_name, _factory, _shape),
        (lambda n, s: lambda: (rand(n, 1, *s[1:]),))(_name, _shape),
    )
add("layernorm", lambda: nn.LayerNorm(16), x_of(2, 5, 16))
add("layernorm_2d_shape", lambda: nn.LayerNorm([4, 6]), x_of(3, 4, 6))
add("groupnorm", lambda: nn.GroupNorm(2, 8), x_of(2, 8, 5, 5))
add("instancenorm2d", lambda: nn.InstanceNorm2d(4, affine=True), x_of(2, 4, 6, 6))
add("instancenorm1d", lambda: nn.InstanceNorm1d(4), x_of(2, 4, 10))
add("rmsnorm", lambda: nn.RMSNorm(16), x_of(2, 5, 16))
add("local_response_norm", lambda: nn.LocalResponseNorm(3), x_of(1, 6, 5, 5))

# ----------------------------------------------------------------- resampling and pooling

add("upsample_nearest", lambda: nn.Upsample(scale_factor=2, mode="nearest"), x_of(1, 3, 5, 5))
add("upsample_bilinear", lambda: nn.Upsample(scale_factor=2, mode="bilinear", align_corners=False), x_of(1, 3, 5, 5))
add("upsample_bilinear_aligned", lambda: nn.Upsample(size=(7, 9), mode="bilinear", align_corners=True), x_of(1, 3, 4, 5))
add("interpolate_bicubic", fn(lambda m, x: F.interpolate(x, scale_factor=2, mode="bicubic")), x_of(1, 2, 4, 4))
add("pixel_shuffle", lambda: nn.PixelShuffle(2), x_of(1, 8, 3, 3))
add("pixel_unshuffle", lambda: nn.PixelUnshuffle(2), x_of(1, 2, 6, 6))
add("maxpool2d_ceil", lambda: nn.MaxPool2d(3, 2, ceil_mode=True), x_of(1, 3, 8, 8))
add("avgpool2d_pad", lambda: nn.AvgPool2d(3, 2, padding=1, count_include_pad=False), x_of(1, 3, 7, 7))
add("adaptive_avgpool", lambda: nn.AdaptiveAvgPool2d((3, 2)), x_of(1, 3, 7, 5))
add("maxpool1d", lambda: nn.MaxPool1d(2), x_of(1, 3, 9))
add("avgpool1d", lambda: nn.AvgPool1d(3, 1), x_of(1, 3, 9))
add("grid_sample", fn(lambda m, x, g: F.grid_sample(x, g, align_corners=False)), lambda n: (rand(n, 1, 2, 5, 5), torch.rand(1, 4, 4, 2, generator=gen(n, 1)) * 2 - 1))
add("affine_grid_sample", fn(lambda m, x: F.grid_sample(x, F.affine_grid(m.theta, [1, 2, 4, 4], align_corners=False), align_corners=False), theta=lambda: torch.tensor([[[0.9, 0.1, 0.0], [-0.1, 0.8, 0.1]]])), x_of(1, 2, 5, 5))

# ----------------------------------------------------------------- scatter / gather / masks

add("gather", fn(lambda m, x, i: torch.gather(x, 1, i)), lambda n: (rand(n, 3, 5), ints(n, 0, 5, 3, 4, salt=1)))
add("index_select", fn(lambda m, x, i: torch.index_select(x, 0, i)), lambda n: (rand(n, 6, 3), ints(n, 0, 6, 4, salt=1)))
add("scatter_src", fn(lambda m, x, i, s: x.scatter(1, i, s)), lambda n: (rand(n, 3, 5), torch.stack([torch.randperm(5, generator=gen(n, k))[:2] for k in range(3)]), rand(n, 3, 2, salt=2)))
add("scatter_value", fn(lambda m, x, i: x.scatter(1, i, 0.5)), lambda n: (rand(n, 3, 5), ints(n, 0, 5, 3, 2, salt=1)))
add("scatter_add", fn(lambda m, x, i, s: x.scatter_add(0, i, s)), lambda n: (rand(n, 4, 3), ints(n, 0, 4, 6, 3, salt=1), rand(n, 6, 3, salt=2)))
add("index_put", fn(lambda m, x, i, v: x.index_put((i,), v)), lambda n: (rand(n, 6, 3), torch.tensor([4, 0, 2]), rand(n, 3, 3, salt=2)))
add("slice_scatter", fn(lambda m, x, y: torch.slice_scatter(x, y, dim=1, start=1, end=5, step=2)), lambda n: (rand(n, 3, 6), rand(n, 3, 2, salt=1)))
add("select_scatter", fn(lambda m, x, y: torch.select_scatter(x, y, 0, 1)), lambda n: (rand(n, 3, 4), rand(n, 4, salt=1)))
add("masked_fill", fn(lambda m, x: x.masked_fill(x > 0.5, -1.0)), x_of(4, 5))
add("where_mask", fn(lambda m, x, y: torch.where(x > y, x, y * 2)), lambda n: (rand(n, 4, 5), rand(n, 4, 5, salt=1)))
add("causal_mask_tril", fn(lambda m, x: x.masked_fill(torch.tril(torch.ones(5, 5, dtype=torch.bool)).logical_not(), float("-inf")).softmax(-1)), x_of(2, 5, 5))
add("embedding", lambda: nn.Embedding(20, 8), lambda n: (ints(n, 0, 20, 2, 6),))
add("embedding_bag_like", fn(lambda m, i: F.embedding(i, m.w).sum(1), w=lambda: torch.randn(20, 4)), lambda n: (ints(n, 0, 20, 3, 5),))
add("one_hot_argmax", fn(lambda m, x: F.one_hot(x.argmax(-1), 6).float() * x), x_of(3, 6))
add("topk", fn(lambda m, x: tuple(torch.topk(x, 3, dim=-1))), x_of(4, 7))
add("sort", fn(lambda m, x: tuple(torch.sort(x, dim=-1, descending=True))), x_of(4, 7))
add("cumsum", fn(lambda m, x: torch.cumsum(x, 1)), x_of(3, 9))
add("flip_roll", fn(lambda m, x: torch.roll(torch.flip(x, [1]), 2, 0)), x_of(4, 5))

# ----------------------------------------------------------------- integer and boolean math

add(
    "remainder_int",
    fn(lambda m, a, b: torch.remainder(a, b)),
    lambda n: (ints(n, -20, 20, 12), ints(n, 1, 7, 12, salt=1) * torch.where(ints(n, 0, 2, 12, salt=2) > 0, 1, -1)),
    official_deviates="executorch 1.5.1's integer remainder is C's % (sign of the dividend); PyTorch's takes the divisor's sign",
)
add("remainder_float", fn(lambda m, a: torch.remainder(a, -1.5)), x_of(10))
add("floor_divide_int", fn(lambda m, a, b: torch.floor_divide(a, b)), lambda n: (ints(n, -20, 20, 12), ints(n, 1, 7, 12, salt=1)))
add("bitwise_ops", fn(lambda m, a, b: ((a ^ b) & (a | 3), a & 5, b | 8)), lambda n: (ints(n, -50, 50, 10), ints(n, -50, 50, 10, salt=1)))
add("bool_logic", fn(lambda m, a, b: (a > 0) & ~(b > 0) | ((a + b) > 1)), lambda n: (rand(n, 10), rand(n, 10, salt=1)))
add("isnan_isinf", fn(lambda m, x: (torch.isnan(torch.log(x)), torch.isinf(1.0 / x))), lambda n: (torch.tensor([1.0, -1.0, 0.0, 2.0, float("nan"), float("inf")]),))
add("atan2", fn(lambda m, a, b: torch.atan2(a, b)), lambda n: (rand(n, 12), rand(n, 12, salt=1)))
add("int_arith", fn(lambda m, a, b: (a * b - a // 3 + b.abs(), (a * 2).clamp(-10, 10))), lambda n: (ints(n, -20, 20, 8, dtype=torch.int32), ints(n, 1, 9, 8, salt=1, dtype=torch.int32)))
add("comparisons_mixed_dtype", fn(lambda m, a, b: (a.float() / b).round()), lambda n: (ints(n, -20, 20, 8), rand(n, 8, salt=1) + 3))
add("large_sum", fn(lambda m, x: (x.sum(), x.mean(), x.sum(0))), lambda n: (torch.rand(100_000, generator=gen(n)) + 1.0,))
add("softmax_logsoftmax", fn(lambda m, x: (x.softmax(-1), F.log_softmax(x, 1))), x_of(3, 11))
add("norms_reductions", fn(lambda m, x: (x.norm(dim=1), x.var(1), x.std(0), x.amax(1), x.prod(1))), x_of(4, 6))

# ----------------------------------------------------------------- activations and MLPs

add("activations", fn(lambda m, x: (F.gelu(x), F.gelu(x, approximate="tanh"), F.silu(x), F.mish(x), F.elu(x), F.leaky_relu(x, 0.1), F.softplus(x), F.hardswish(x), F.hardsigmoid(x), torch.sigmoid(x), torch.tanh(x), F.glu(x, -1))), x_of(3, 8))
add("prelu", lambda: nn.Sequential(nn.Conv2d(3, 4, 1), nn.PReLU(4)), x_of(1, 3, 4, 4))
add("mlp_gelu", lambda: nn.Sequential(nn.Linear(8, 16), nn.GELU(), nn.LayerNorm(16), nn.Linear(16, 4)), x_of(3, 8))
add("einsum_bmm", fn(lambda m, a, b: torch.einsum("bij,bjk->bik", a, b) + torch.baddbmm(a @ b, a, b)), lambda n: (rand(n, 2, 3, 3), rand(n, 2, 3, 3, salt=1)))
add("sdpa", fn(lambda m, q, k, v: F.scaled_dot_product_attention(q, k, v, is_causal=True)), lambda n: (rand(n, 1, 2, 5, 8), rand(n, 1, 2, 5, 8, salt=1), rand(n, 1, 2, 5, 8, salt=2)))

# ----------------------------------------------------------------- element types


def _typed(name: str, factory: Callable[[], nn.Module], shape: Tuple[int, ...], dtype: torch.dtype, **kw: Any) -> None:
    label = {torch.float16: "float16", torch.bfloat16: "bfloat16", torch.float64: "float64"}[dtype]
    add(name, lambda: factory().to(dtype), x_of(*shape, dtype=dtype), dtype=label, **kw)


for _dt, _suffix in [(torch.float16, "f16"), (torch.bfloat16, "bf16"), (torch.float64, "f64")]:
    _typed(f"linear_{_suffix}", lambda: nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 4)), (3, 8), _dt)
    _typed(f"conv2d_{_suffix}", lambda: nn.Sequential(nn.Conv2d(3, 4, 3, padding=1), nn.MaxPool2d(2), nn.AdaptiveAvgPool2d(1)), (1, 3, 8, 8), _dt)
    _typed(
        f"layernorm_{_suffix}",
        lambda: nn.Sequential(nn.LayerNorm(16), nn.Softmax(-1)),
        (2, 16),
        _dt,
        # Measured with executorch 1.5.1: its float64 layer norm is 4.2e-9 away from eager
        # PyTorch (relative), about 2e7 float64 units: precision lost in the official
        # kernel, not a difference of summation order.
        official_deviates=(
            "executorch 1.5.1's float64 layer norm differs from eager by 4.2e-9 (precision lost)" if _dt == torch.float64 else ""
        ),
    )
    _typed(f"upsample_{_suffix}", lambda: nn.Upsample(scale_factor=2, mode="bilinear"), (1, 2, 3, 3), _dt)
    _typed(f"attention_{_suffix}", lambda: _mha(batch_first=True), (1, 4, 16), _dt)

# ----------------------------------------------------------------- dynamic shapes and state


def _dyn_batch(name: str, factory: Callable[[], nn.Module], shape: Tuple[int, ...], test_batch: int, max_batch: int = 8) -> None:
    add(
        name,
        factory,
        x_of(*shape),
        test_inputs=lambda: (rand(name, test_batch, *shape[1:], salt=7),),
        dynamic_shapes=lambda: ({0: torch.export.Dim("batch", min=1, max=max_batch)},),
    )


_dyn_batch("dynamic_mlp", lambda: nn.Sequential(nn.Linear(6, 10), nn.ReLU(), nn.Linear(10, 3)), (2, 6), 5)
_dyn_batch("dynamic_conv", lambda: nn.Sequential(nn.Conv2d(3, 4, 3), nn.ReLU(), nn.Flatten(), nn.Linear(4 * 36, 2)), (2, 3, 8, 8), 3)
add(
    "dynamic_seq_attention",
    lambda: _mha(batch_first=True),
    x_of(1, 6, 16),
    test_inputs=lambda: (rand("dynamic_seq_attention", 1, 3, 16, salt=7),),
    # Lambda's forward takes *xs: its one argument is the tuple of inputs.
    dynamic_shapes=lambda: (({1: torch.export.Dim("seq", min=2, max=12)},),),
)


class _Counter(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.register_buffer("acc", torch.zeros(4))
        self.register_buffer("steps", torch.zeros(1, dtype=torch.int64))

    def forward(self, x: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor]:
        self.acc.mul_(0.5).add_(x)
        self.steps.add_(1)
        return self.acc * 2, self.steps.clone()


add("mutable_state", _Counter, x_of(4), runs=2)


class _KvCache(nn.Module):
    """A static KV cache updated in place at a position (index_put on a buffer)."""

    def __init__(self) -> None:
        super().__init__()
        self.register_buffer("k", torch.zeros(1, 8, 4))
        self.proj = nn.Linear(4, 4)

    def forward(self, x: torch.Tensor, pos: torch.Tensor) -> torch.Tensor:
        self.k.index_copy_(1, pos, self.proj(x))
        return torch.softmax(self.k @ self.k.transpose(1, 2), -1)


add("static_kv_cache", _KvCache, lambda n: (rand(n, 1, 1, 4), torch.tensor([2])), runs=2)

# ----------------------------------------------------------------- torchvision


def _tv(name: str, arch: str, size: int, group: str = "large", **kw: Any) -> None:
    def build() -> nn.Module:
        import torchvision

        torch.manual_seed(seed_of(name))
        m = getattr(torchvision.models, arch)(weights=None, **kw)
        return calibrate_batchnorm(m, name, (2, 3, size, size), passes=2)

    CASES[name] = Case(name, build, lambda: (rand(name, 1, 3, size, size),), group=group)


_tv("tv_mobilenet_v2_narrow", "mobilenet_v2", 48, group="small", width_mult=0.25, num_classes=10)
_tv("tv_mobilenet_v3_small_narrow", "mobilenet_v3_small", 48, group="small", width_mult=0.25, num_classes=10)
_tv("tv_mnasnet", "mnasnet0_5", 48, num_classes=10)
_tv("tv_shufflenet_v2", "shufflenet_v2_x0_5", 64, num_classes=10)
_tv("tv_squeezenet", "squeezenet1_1", 64, num_classes=10)
_tv("tv_resnet18", "resnet18", 64)
_tv("tv_resnet50", "resnet50", 64)
_tv("tv_mobilenet_v3_large", "mobilenet_v3_large", 96)
_tv("tv_efficientnet_b0", "efficientnet_b0", 64)
_tv("tv_regnet_y_400mf", "regnet_y_400mf", 64)
_tv("tv_googlenet", "googlenet", 64, aux_logits=False, init_weights=True)
_tv("tv_densenet121", "densenet121", 64)
_tv("tv_convnext_tiny", "convnext_tiny", 64)
_tv("tv_swin_t", "swin_t", 64)
_tv("tv_vit_b_32", "vit_b_32", 64, image_size=64)
_tv("tv_alexnet", "alexnet", 96)
_tv("tv_vgg11", "vgg11", 64)


def _tv_seg(name: str, arch: str, size: int, **kw: Any) -> None:
    def build() -> nn.Module:
        import torchvision

        torch.manual_seed(seed_of(name))
        m = getattr(torchvision.models.segmentation, arch)(weights=None, weights_backbone=None, **kw)
        m = calibrate_batchnorm(m, name, (2, 3, size, size), passes=2)
        return _with(Lambda(lambda s, x: s.m(x)["out"]), m=m).eval()

    CASES[name] = Case(name, build, lambda: (rand(name, 1, 3, size, size),), group="large")


_tv_seg("tv_deeplabv3_mobilenet", "deeplabv3_mobilenet_v3_large", 64, num_classes=4)
_tv_seg("tv_lraspp_mobilenet", "lraspp_mobilenet_v3_large", 64, num_classes=4)
_tv_seg("tv_fcn_resnet50", "fcn_resnet50", 64, num_classes=4)


def _tv_video(name: str, arch: str) -> None:
    def build() -> nn.Module:
        import torchvision

        torch.manual_seed(seed_of(name))
        m = getattr(torchvision.models.video, arch)(weights=None, num_classes=5)
        return calibrate_batchnorm(m, name, (2, 3, 4, 32, 32), passes=2)

    CASES[name] = Case(name, build, lambda: (rand(name, 1, 3, 4, 32, 32),), group="large")


_tv_video("tv_r3d_18", "r3d_18")
_tv_video("tv_r2plus1d_18", "r2plus1d_18")


def _tv_backbone(name: str, arch: str, size: int) -> None:
    """A detection model's backbone with its feature pyramid (torchvision's detection
    heads need image lists and dynamic post-processing the exporter does not take)."""

    def build() -> nn.Module:
        import torchvision
        from torchvision.models.detection.backbone_utils import resnet_fpn_backbone, mobilenet_backbone

        torch.manual_seed(seed_of(name))
        if arch == "resnet18_fpn":
            m = resnet_fpn_backbone(backbone_name="resnet18", weights=None, trainable_layers=5)
        else:
            m = mobilenet_backbone(backbone_name="mobilenet_v3_small", weights=None, fpn=True, trainable_layers=6)
        m = calibrate_batchnorm(m, name, (2, 3, size, size), passes=2)
        return _with(Lambda(lambda s, x: tuple(s.m(x).values())), m=m).eval()

    CASES[name] = Case(name, build, lambda: (rand(name, 1, 3, size, size),), group="large")


_tv_backbone("tv_resnet18_fpn_backbone", "resnet18_fpn", 64)
_tv_backbone("tv_mobilenet_fpn_backbone", "mobilenet_fpn", 64)

# ----------------------------------------------------------------- Hugging Face transformers


def _hf(name: str, build: Callable[[], nn.Module], inputs: Callable[[], Tuple[torch.Tensor, ...]], group: str = "small", **kw: Any) -> None:
    def seeded() -> nn.Module:
        torch.manual_seed(seed_of(name))
        return build().eval()

    CASES[name] = Case(name, seeded, inputs, group=group, needs=["transformers"], **kw)


class _Logits(nn.Module):
    """The first tensor of a Hugging Face model's output (logits or hidden states)."""

    def __init__(self, model: nn.Module, key: str = "logits", **fixed: Any):
        super().__init__()
        self.model = model
        self.key = key
        self.fixed = fixed

    def forward(self, *xs: torch.Tensor) -> torch.Tensor:
        out = self.model(*xs, **self.fixed)
        return out[self.key] if self.key in out else out[0]


def _tokens(name: str, vocab: int, n: int = 8) -> Callable[[], Tuple[torch.Tensor, ...]]:
    return lambda: (ints(name, 0, vocab, 1, n),)


def _decoder(name: str, config_cls: str, **cfg: Any) -> None:
    def build() -> nn.Module:
        import transformers

        config = getattr(transformers, config_cls)(**cfg)
        config._attn_implementation = "eager"
        model = transformers.AutoModelForCausalLM.from_config(config)
        return _Logits(model, use_cache=False)

    _hf(name, build, _tokens(name, cfg.get("vocab_size", 128)))


_SMALL_LM = dict(vocab_size=128, hidden_size=32, intermediate_size=64, num_hidden_layers=2, num_attention_heads=4, max_position_embeddings=64)
_decoder("hf_gpt2", "GPT2Config", vocab_size=128, n_embd=32, n_layer=2, n_head=4, n_positions=64)
_decoder("hf_llama", "LlamaConfig", num_key_value_heads=2, **_SMALL_LM)
_decoder("hf_qwen2", "Qwen2Config", num_key_value_heads=2, **_SMALL_LM)
_decoder("hf_phi3", "Phi3Config", num_key_value_heads=2, pad_token_id=0, **_SMALL_LM)
_decoder("hf_gemma", "GemmaConfig", num_key_value_heads=2, head_dim=8, **_SMALL_LM)
_decoder("hf_mistral", "MistralConfig", num_key_value_heads=2, **_SMALL_LM)


def _encoder(name: str, config_cls: str, model_cls: str, key: str = "last_hidden_state", n: int = 8, **cfg: Any) -> None:
    def build() -> nn.Module:
        import transformers

        config = getattr(transformers, config_cls)(**cfg)
        config._attn_implementation = "eager"
        return _Logits(getattr(transformers, model_cls)(config), key=key)

    _hf(name, build, _tokens(name, cfg.get("vocab_size", 128), n))


_SMALL_ENC = dict(vocab_size=128, hidden_size=32, intermediate_size=64, num_hidden_layers=2, num_attention_heads=4, max_position_embeddings=64)
_encoder("hf_bert", "BertConfig", "BertModel", **_SMALL_ENC)
_encoder("hf_distilbert", "DistilBertConfig", "DistilBertModel", vocab_size=128, dim=32, hidden_dim=64, n_layers=2, n_heads=4, max_position_embeddings=64)
_encoder("hf_roberta", "RobertaConfig", "RobertaModel", **{**_SMALL_ENC, "max_position_embeddings": 70})
_encoder("hf_t5_encoder", "T5Config", "T5EncoderModel", vocab_size=128, d_model=32, d_kv=8, d_ff=64, num_layers=2, num_heads=4)


def _vision(name: str, config_cls: str, model_cls: str, shape: Tuple[int, ...], key: str = "last_hidden_state", **cfg: Any) -> None:
    def build() -> nn.Module:
        import transformers

        config = getattr(transformers, config_cls)(**cfg)
        config._attn_implementation = "eager"
        model = getattr(transformers, model_cls)(config)
        return calibrate_batchnorm(_Logits(model, key=key), name, (2, *shape[1:]), passes=2)

    _hf(name, build, lambda: (rand(name, *shape),))


_vision("hf_vit", "ViTConfig", "ViTModel", (1, 3, 32, 32), image_size=32, patch_size=8, hidden_size=32, intermediate_size=64, num_hidden_layers=2, num_attention_heads=4)
_vision("hf_mobilevit", "MobileViTConfig", "MobileViTModel", (1, 3, 64, 64), image_size=64, hidden_sizes=[32, 48, 64], neck_hidden_sizes=[8, 16, 24, 32, 48, 64, 96], num_attention_heads=2)
_vision("hf_convnext", "ConvNextConfig", "ConvNextModel", (1, 3, 64, 64), hidden_sizes=[8, 16, 24, 32], depths=[1, 1, 2, 1])
_vision("hf_swin", "SwinConfig", "SwinModel", (1, 3, 64, 64), image_size=64, patch_size=4, embed_dim=16, depths=[1, 1], num_heads=[2, 2], window_size=4)


def _whisper() -> nn.Module:
    import transformers

    config = transformers.WhisperConfig(
        vocab_size=128, num_mel_bins=16, d_model=32, encoder_layers=2, encoder_attention_heads=4,
        decoder_layers=1, decoder_attention_heads=4, encoder_ffn_dim=64, decoder_ffn_dim=64,
        max_source_positions=32, max_target_positions=32, pad_token_id=0, bos_token_id=1,
        eos_token_id=2, decoder_start_token_id=1,
    )
    config._attn_implementation = "eager"
    return _Logits(transformers.WhisperModel(config).get_encoder(), key="last_hidden_state")


_hf("hf_whisper_encoder", _whisper, lambda: (rand("hf_whisper_encoder", 1, 16, 64),))


def _wav2vec2() -> nn.Module:
    import transformers

    config = transformers.Wav2Vec2Config(
        vocab_size=32, hidden_size=32, num_hidden_layers=2, num_attention_heads=4, intermediate_size=64,
        conv_dim=(16, 16), conv_stride=(5, 2), conv_kernel=(10, 3), num_conv_pos_embeddings=16,
        num_conv_pos_embedding_groups=4, do_stable_layer_norm=True, feat_extract_norm="layer",
    )
    config._attn_implementation = "eager"
    return _Logits(transformers.Wav2Vec2Model(config), key="last_hidden_state")


_hf("hf_wav2vec2", _wav2vec2, lambda: (rand("hf_wav2vec2", 1, 800),))


def _static_cache_lm(name: str, config_cls: str, **cfg: Any) -> None:
    """A decoder exported with transformers' static KV cache wrapper (the LLM export
    path): one token at a position, cache in mutable buffers; run twice."""

    def build() -> nn.Module:
        import transformers
        from transformers.integrations.executorch import TorchExportableModuleWithStaticCache

        config = getattr(transformers, config_cls)(**cfg)
        config._attn_implementation = "sdpa"
        model = transformers.AutoModelForCausalLM.from_config(config).eval()
        model.generation_config.cache_implementation = "static"
        model.generation_config.cache_config = {"batch_size": 1, "max_cache_len": 16}
        wrapped = TorchExportableModuleWithStaticCache(model, batch_size=1, max_cache_len=16)
        return _with(Lambda(lambda m, ids, pos: m.lm(input_ids=ids, cache_position=pos)), lm=wrapped)

    _hf(
        name,
        build,
        lambda: (ints(name, 0, 128, 1, 1), torch.tensor([0])),
        runs=2,
        strict=True,
    )


_static_cache_lm("hf_llama_static_cache", "LlamaConfig", num_key_value_heads=2, **_SMALL_LM)
_static_cache_lm("hf_qwen2_static_cache", "Qwen2Config", num_key_value_heads=2, **_SMALL_LM)

# ----------------------------------------------------------------- later work (listed)

CASES["xnnpack_mlp"] = Case(
    "xnnpack_mlp",
    seeded_module("xnnpack_mlp", lambda: nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 4))),
    lambda: (rand("xnnpack_mlp", 2, 8),),
    later="xnnpack",
)
CASES["xnnpack_cnn"] = Case(
    "xnnpack_cnn",
    lambda: calibrate_batchnorm(
        (torch.manual_seed(seed_of("xnnpack_cnn")), nn.Sequential(nn.Conv2d(3, 8, 3), nn.BatchNorm2d(8), nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(8, 3)))[1],
        "xnnpack_cnn",
        (2, 3, 12, 12),
    ),
    lambda: (rand("xnnpack_cnn", 1, 3, 12, 12),),
    later="xnnpack",
)


def select(pattern: str) -> List[Case]:
    """Cases whose names match any comma-separated fnmatch pattern (all when empty)."""
    import fnmatch

    if not pattern:
        return list(CASES.values())
    pats = [p.strip() for p in pattern.split(",") if p.strip()]
    return [c for c in CASES.values() if any(fnmatch.fnmatch(c.name, p) for p in pats)]
