#!/usr/bin/python3
"""PyTorch yardstick for `mnemo bench`: the same models doing the same training work, in plain PyTorch.

What it measures, per size (one JSON object per line with --json, else a short line per size):
  * training: tokens/s and ms per step over the timed steps (after warm-up steps), with the same
    phase split as `mnemo bench` (data, forward, backward, clip + AdamW) and the same FLOP count
    (6*N + 12*L*T*d per token, N = weights every token is multiplied by);
  * the fp32 matmul peak measured like Mnemo's MatmulPeak (best GFLOP/s of 1024^3 and 2048^3 products),
    hence GFLOP/s and MFU (skip with --no-peak);
  * batched greedy decoding with a key/value cache: batch 64, 250-token sequences (a one-token prompt,
    then 249 forced target tokens; the argmax is still computed and read back at every step), in
    decoded tokens/s (skip with --no-decode);
  * the process's peak RSS (ru_maxrss; process-wide, so later sizes include earlier ones).

The model and step mirror src/Mnemo (Models/*.cs, Benchmarks/TrainingBench.cs, BenchSize.cs):
  decoder-only pre-LayerNorm transformer; vocabulary 256; learned absolute positions (256 rows) added to
  the token embeddings; tied output head (logits = h @ E^T, no bias); per block x + attn(ln1(x)), then
  x + mlp_out(gelu(mlp_in(ln2(x)))) with exact (erf) GELU, MLP width 4*d, biases on every Linear, fused
  qkv projection viewed as (B, T, 3, H, Dh); dropout modules with p = 0; GPT-2 init (N(0, 0.02), zero
  biases, residual projections N(0, 0.02/sqrt(2L))); sizes tiny (2 layers, d 64, 4 heads), small
  (4, 128, 4), base (4, 256, 4).
  The experiment sizes quickstart and paper (the models of experiments/quickstart.yaml and
  experiments/paper-parity.yaml as they train; BenchSize.cs, checked against the files by Mnemo's tests and
  against SIZES below by BenchScriptTests) differ: their vocabulary (38, 70), rotary positions (GPT-NeoX
  layout, every head dimension rotated, base 10000) at randomized ids (each sequence an ordered draw from
  0..range-1, like PositionSampler) instead of a learned table, a short causal depthwise convolution of
  width 4 on the normalized input of every attention layer (ShortConvolution.cs: y = x + conv1d over
  [K-1 zeros, x], groups = d, weights N(0, 0.02)), LogN-Scaling for paper (q times max(1, log n / log 83),
  n = keys the query sees: 1 for every training step here, as in Mnemo, but computed), batch 32, and
  sequence lengths drawn uniformly from their range per sequence, right-padded to the longest of the
  batch (labels -100 on padding, padding positions repeat the last id, tokens/s count real tokens only).
  Attention gets a (B, 1, T, T) boolean "allowed" mask built at every forward (causal AND valid), as
  Mnemo does. Mnemo calls scaled_dot_product_attention with that mask; PyTorch < 2.0 (Debian 12 ships
  1.13) has no SDPA, so --attention auto falls back to Mnemo's explicit path (q k^T * scale,
  masked_fill -1e9, softmax, @ v) and the JSON says which one ran.
  Training step: fresh random tokens every step (ids in [2, 256), the last token the end token 1,
  positions 0..T-1 as a (B, T) tensor, labels = tokens shifted by one, every position supervised),
  zero_grad (zeroing, not set_to_none, like TorchSharp), forward, cross-entropy (ignore_index -100),
  backward, clip_grad_norm_(1.0), AdamW(lr 1e-3, betas (0.9, 0.95), eps 1e-8, weight decay 0.1 on
  tensors with dim >= 2, 0 on the rest; PyTorch's default single-tensor loop on CPU). Batch 64 x
  sequence 128, 3 warm-up then 20 timed steps; tokens/s = batch * sequence * timed steps / wall time
  of the timed steps (data generation included), fp32.

Run with Debian's interpreter and torch (apt-get install python3-torch libopenblas0-pthread):
    /usr/bin/python3 bench/pytorch_bench.py --sizes base
    /usr/bin/python3 bench/pytorch_bench.py --sizes tiny,small,base --threads 2 --json
    /usr/bin/python3 bench/pytorch_bench.py --sizes base --steps 5 --profile   # top ops to stderr
Compare with `mnemo bench --sizes base --threads 2 --json` run right before or after (see bench/README.md).
"""
import argparse
import json
import math
import os
import platform
import resource
import sys
import time


def _threads_from_argv(default=2):
    """OpenBLAS (the BLAS behind Debian's torch) sizes its own thread pool when it loads, and
    torch.set_num_threads does not resize it: set it before importing torch."""
    for i, arg in enumerate(sys.argv):
        if arg == "--threads" and i + 1 < len(sys.argv):
            return sys.argv[i + 1]
        if arg.startswith("--threads="):
            return arg.split("=", 1)[1]
    return str(default)


os.environ.setdefault("OPENBLAS_NUM_THREADS", _threads_from_argv())
os.environ.setdefault("OMP_NUM_THREADS", _threads_from_argv())

import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402

VOCAB = 256          # BenchSize.Vocabulary
MAX_POSITIONS = 256  # BenchSize.MaxPositions
EOS = 1              # Vocabulary.EosId
IGNORE = -100        # Batch.Ignore
HAS_SDPA = hasattr(F, "scaled_dot_product_attention")


class Size:
    """BenchSize: None means the benchmark's own batch, fixed sequence and sequential positions."""

    def __init__(self, layers, d, heads, vocab=VOCAB, scheme="learned", short_conv=0, logn_base=0,
                 batch=None, lengths=None, position_range=None):
        self.layers, self.d, self.heads, self.vocab, self.scheme = layers, d, heads, vocab, scheme
        self.short_conv, self.logn_base, self.batch, self.lengths = short_conv, logn_base, batch, lengths
        self.position_range = position_range


# one line per size, written like BenchSize.cs (Mnemo's BenchScriptTests read these lines and compare)
SIZES = {
    "tiny": Size(layers=2, d=64, heads=4),
    "small": Size(layers=4, d=128, heads=4),
    "base": Size(layers=4, d=256, heads=4),
    "quickstart": Size(layers=2, d=128, heads=4, vocab=38, scheme="rope", short_conv=4, batch=32, lengths=(4, 34), position_range=99),
    "paper": Size(layers=2, d=128, heads=4, vocab=70, scheme="rope", short_conv=4, logn_base=83, batch=32, lengths=(22, 82), position_range=243),
}


class Rotary:
    """RotaryEmbedding.cs with fraction 1: (x1 cos - x2 sin, x2 cos + x1 sin) over the two halves of a head."""

    def __init__(self, head_dim, base=10000.0):
        self.inverse_frequency = torch.pow(base, -torch.arange(0, head_dim, 2, dtype=torch.float64) / head_dim).float()

    def rotate(self, x, pos):  # x (B, H, T, Dh), pos (B, T)
        angles = pos.float().unsqueeze(-1) * self.inverse_frequency
        cos = torch.cat([angles.cos(), angles.cos()], -1).unsqueeze(1)
        sin = torch.cat([angles.sin(), angles.sin()], -1).unsqueeze(1)
        half = x.shape[-1] // 2
        return x * cos + torch.cat([-x[..., half:], x[..., :half]], -1) * sin


class ShortConvolution(nn.Module):
    """ShortConvolution.cs: x + a depthwise causal convolution over [K-1 zeros (or the cached inputs), x],
    as K shifted products like Mnemo (faster than F.conv1d with groups=d here too)."""

    def __init__(self, d, kernel):
        super().__init__()
        self.kernel = kernel
        self.weight = nn.Parameter(torch.zeros(d, 1, kernel))

    def forward(self, x, cache=None, layer=0):
        b, _, d = x.shape
        history = cache.conv[layer] if cache is not None and cache.conv[layer] is not None \
            else torch.zeros(b, self.kernel - 1, d, dtype=x.dtype)
        window = torch.cat([history, x], 1)
        if cache is not None:
            cache.conv[layer] = window[:, window.shape[1] - (self.kernel - 1):]
        t = x.shape[1]
        y = x
        for j in range(self.kernel):
            y = y + window[:, j:j + t] * self.weight[:, 0, j]
        return y


class CausalSelfAttention(nn.Module):
    def __init__(self, d, heads, attention, rotary=None, logn_base=0):
        super().__init__()
        self.heads = heads
        self.qkv = nn.Linear(d, 3 * d)
        self.output = nn.Linear(d, d)
        self.scale = 1.0 / math.sqrt(d // heads)
        self.attention = attention
        self.rotary = rotary
        self.logn_inverse = 1.0 / math.log(logn_base) if logn_base else None

    def forward(self, x, allowed, cache=None, layer=0, pos=None):
        b, t, d = x.shape
        q, k, v = self.qkv(x).view(b, t, 3, self.heads, d // self.heads).permute(2, 0, 3, 1, 4).unbind(0)
        if self.rotary is not None:
            q = self.rotary.rotate(q, pos)
        if self.logn_inverse is not None:  # AttentionContext.LogKeyCount: the keys each query may attend to
            keys = allowed.sum(-1, keepdim=True).clamp_min(1).float().log_()
            q = q * keys.mul(self.logn_inverse).clamp_min(1.0)
        if self.rotary is not None:
            k = self.rotary.rotate(k, pos)
        if cache is not None:
            k, v = cache.append(layer, k, v)
        if self.attention == "sdpa":
            y = F.scaled_dot_product_attention(q, k, v, attn_mask=allowed)
        else:  # Mnemo's CausalSelfAttention.Explicit
            scores = q.matmul(k.transpose(-2, -1)).mul_(self.scale)
            scores = scores.masked_fill(allowed.logical_not(), -1e9)
            y = F.softmax(scores, -1).matmul(v)
        return self.output(y.transpose(1, 2).reshape(b, t, d))


class TransformerBlock(nn.Module):
    def __init__(self, d, heads, mlp, attention, rotary=None, short_conv=0, logn_base=0):
        super().__init__()
        self.attention_norm = nn.LayerNorm(d)
        self.short_conv = ShortConvolution(d, short_conv) if short_conv else None
        self.attention = CausalSelfAttention(d, heads, attention, rotary, logn_base)
        self.mlp_norm = nn.LayerNorm(d)
        self.mlp_in = nn.Linear(d, mlp)
        self.mlp_out = nn.Linear(mlp, d)
        self.dropout = nn.Dropout(0.0)

    def forward(self, x, allowed, cache=None, layer=0, pos=None):
        normed = self.attention_norm(x)
        if self.short_conv is not None:
            normed = self.short_conv(normed, cache, layer)
        x = x + self.dropout(self.attention(normed, allowed, cache, layer, pos))
        return x + self.dropout(self.mlp_out(F.gelu(self.mlp_in(self.mlp_norm(x)))))


class KvCache:
    """Keys/values per layer in buffers of the whole decode's length, plus key validity, like Mnemo's KvCache."""

    def __init__(self, layers, capacity):
        self.capacity = capacity
        self.keys = [None] * layers
        self.values = [None] * layers
        self.lengths = [0] * layers
        self.conv = [None] * layers  # the short convolution's last K-1 inputs
        self.valid = None

    def append(self, layer, k, v):
        if self.keys[layer] is None:
            b, h, _, dh = k.shape
            self.keys[layer] = k.new_empty(b, h, self.capacity, dh)
            self.values[layer] = v.new_empty(b, v.shape[1], self.capacity, v.shape[3])
        start = self.lengths[layer]
        end = start + k.shape[2]
        self.keys[layer][:, :, start:end] = k
        self.values[layer][:, :, start:end] = v
        self.lengths[layer] = end
        return self.keys[layer][:, :, :end], self.values[layer][:, :, :end]

    def append_valid(self, valid):
        self.valid = valid if self.valid is None else torch.cat([self.valid, valid], 1)
        return self.valid


class TransformerLM(nn.Module):
    def __init__(self, size, attention):
        super().__init__()
        layers, d, heads = size.layers, size.d, size.heads
        self.tokens = nn.Embedding(size.vocab, d)
        self.positions = nn.Embedding(MAX_POSITIONS, d) if size.scheme == "learned" else None
        rotary = Rotary(d // heads) if size.scheme == "rope" else None
        self.embedding_dropout = nn.Dropout(0.0)
        self.blocks = nn.ModuleList(TransformerBlock(d, heads, 4 * d, attention, rotary, size.short_conv, size.logn_base)
                                    for _ in range(layers))
        self.final_norm = nn.LayerNorm(d)
        with torch.no_grad():  # TransformerLM.Initialize
            for name, p in self.named_parameters():
                if name.endswith("bias"):
                    nn.init.zeros_(p)
                elif p.dim() >= 2:
                    nn.init.normal_(p, 0.0, 0.02)
            for block in self.blocks:
                for proj in (block.attention.output, block.mlp_out):
                    nn.init.normal_(proj.weight, 0.0, 0.02 / math.sqrt(2 * layers))

    def forward(self, ids, pos, cache=None):
        b, t = ids.shape
        x = self.tokens(ids) if self.positions is None else self.tokens(ids) + self.positions(pos)
        x = self.embedding_dropout(x)
        valid = torch.ones(b, t, dtype=torch.bool)
        key_valid = valid if cache is None else cache.append_valid(valid)
        tk = key_valid.shape[1]
        causal = torch.ones(t, tk, dtype=torch.bool).tril(tk - t)
        allowed = causal.unsqueeze(0).logical_and(key_valid.unsqueeze(1)).unsqueeze(1)  # (B, 1, Tq, Tk)
        for layer, block in enumerate(self.blocks):
            x = block(x, allowed, cache, layer, pos)
        return self.final_norm(x).matmul(self.tokens.weight.t())


def flops_per_token(size, sequence):
    """FlopCount.TrainingPerToken: 6*N + 12*L*T*d with N = L*(4d^2 + 2*d*4d) + d*V + L*K*d (short convolution)."""
    layers, d = size.layers, size.d
    n = layers * (4 * d * d + 2 * d * 4 * d) + d * size.vocab + layers * size.short_conv * d
    return 6 * n + 12 * layers * sequence * d


def matmul_peak_gflops(sizes=(1024, 2048), seconds=1.0):
    """MatmulPeak.MeasureGflops: best rate over repetitions of square fp32 products."""
    best = 0.0
    for n in sizes:
        a, b = torch.randn(n, n), torch.randn(n, n)
        a.matmul(b)
        start, reps = time.perf_counter(), 0
        while reps < 3 or time.perf_counter() - start < seconds:
            t0 = time.perf_counter()
            a.matmul(b)
            reps += 1
            best = max(best, 2.0 * n ** 3 / (time.perf_counter() - t0) / 1e9)
    return best


def make_optimizer(model):
    decay = [p for p in model.parameters() if p.dim() >= 2]
    keep = [p for p in model.parameters() if p.dim() < 2]
    return torch.optim.AdamW([{"params": decay, "weight_decay": 0.1}, {"params": keep, "weight_decay": 0.0}],
                             lr=1e-3, betas=(0.9, 0.95), eps=1e-8)


def random_batch(generator, size, batch, sequence):
    """TrainingBench.RandomExamples + Batch: each sequence its length + 1 tokens, the last one the end token,
    right-padded to the longest; positions 0..T-1, or an ordered draw from 0..range-1 (PositionSampler).
    Returns ids, positions, labels and the real tokens."""
    if size.lengths is None:
        lengths = [sequence] * batch
    else:
        low, high = size.lengths
        lengths = torch.randint(low, high + 1, (batch,), generator=generator).tolist()
    t = max(lengths)
    ids = torch.zeros(batch, t, dtype=torch.long)
    labels = torch.full((batch, t), IGNORE, dtype=torch.long)
    pos = torch.empty(batch, t, dtype=torch.long)
    for i, n in enumerate(lengths):
        seq = torch.randint(2, size.vocab, (n + 1,), generator=generator)
        seq[-1] = EOS
        ids[i, :n], labels[i, :n] = seq[:-1], seq[1:]
        if size.position_range is None:
            drawn = torch.arange(n + 1)
        else:
            drawn = torch.randperm(size.position_range, generator=generator)[:n + 1].sort().values
        pos[i, :n] = drawn[:n]
        pos[i, n:] = drawn[-1]  # Batch: padding repeats the last position
    return ids, pos, labels, sum(lengths)


def train_step(model, optimizer, generator, size, batch, sequence, times=None):
    t0 = time.perf_counter()
    ids, pos, labels, tokens = random_batch(generator, size, batch, sequence)
    t1 = time.perf_counter()
    for group in optimizer.param_groups:
        group["lr"] = 1e-3
    optimizer.zero_grad(set_to_none=False)
    logits = model(ids, pos)
    loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), labels.reshape(-1), ignore_index=IGNORE)
    t2 = time.perf_counter()
    loss.backward()
    t3 = time.perf_counter()
    torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    optimizer.step()
    t4 = time.perf_counter()
    if times is not None:
        for key, value in zip(("data", "forward", "backward", "update"), (t1 - t0, t2 - t1, t3 - t2, t4 - t3)):
            times[key] += value
    return tokens


@torch.no_grad()
def decode_tokens_per_s(model, size, batch, length, seed):
    """DecodingBench with the cache: step 0 feeds the one-token prompt, each later step one token;
    the argmax is read back every step but the fed token is the forced target."""
    model.eval()
    g = torch.Generator().manual_seed(seed)
    ids = torch.randint(2, size.vocab, (batch, length), generator=g)
    pos = torch.arange(length).repeat(batch, 1)
    cache = KvCache(len(model.blocks), length)
    start = time.perf_counter()
    for step in range(length):
        logits = model(ids[:, step:step + 1], pos[:, step:step + 1], cache)
        logits[:, -1, :].argmax(-1).tolist()
    seconds = time.perf_counter() - start
    model.train()
    return batch * length / seconds


def profile(model, optimizer, generator, size, batch, sequence, steps, rows):
    from torch.autograd import profiler
    with profiler.profile() as prof:
        for _ in range(steps):
            train_step(model, optimizer, generator, size, batch, sequence)
    table = prof.key_averages().table(sort_by="self_cpu_time_total", row_limit=rows)
    print(table, file=sys.stderr)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="tiny,small,base", help="comma-separated: tiny, small, base, quickstart, paper")
    parser.add_argument("--threads", type=int, default=2, help="torch intra-op threads (and OpenBLAS threads)")
    parser.add_argument("--steps", type=int, default=None,
                        help="timed training steps per size (default: 20; 200 for quickstart and paper, like mnemo bench)")
    parser.add_argument("--warmup", type=int, default=None,
                        help="untimed training steps before the clock starts (default: 3; 40 for quickstart and paper)")
    parser.add_argument("--batch", type=int, default=64, help="sequences per batch (quickstart, paper: their own 32)")
    parser.add_argument("--sequence", type=int, default=128, help="tokens per sequence (quickstart, paper: their own lengths)")
    parser.add_argument("--decode-batch", type=int, default=64)
    parser.add_argument("--decode-length", type=int, default=250)
    parser.add_argument("--attention", choices=("auto", "sdpa", "explicit"), default="auto",
                        help="auto: scaled_dot_product_attention when this torch has it (Mnemo's path), else explicit")
    parser.add_argument("--no-decode", action="store_true", help="skip the decoding measurement")
    parser.add_argument("--no-peak", action="store_true", help="skip the matmul peak (no MFU)")
    parser.add_argument("--profile", action="store_true",
                        help="after the timed steps, profile --profile-steps more steps and print the top ops to stderr")
    parser.add_argument("--profile-steps", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", action="store_true", help="one JSON object per size and line")
    args = parser.parse_args()

    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    unknown = [s for s in sizes if s not in SIZES]
    if not sizes or unknown:
        parser.error(f"--sizes: unknown size(s) {unknown} (known: {', '.join(SIZES)})")
    if args.sequence > MAX_POSITIONS or args.decode_length > MAX_POSITIONS - 1:
        parser.error(f"sequence and decode length must fit the {MAX_POSITIONS}-row position table")
    attention = ("sdpa" if HAS_SDPA else "explicit") if args.attention == "auto" else args.attention
    if attention == "sdpa" and not HAS_SDPA:
        parser.error(f"--attention sdpa: torch {torch.__version__} has no scaled_dot_product_attention")

    torch.set_num_threads(args.threads)
    peak = 0.0 if args.no_peak else matmul_peak_gflops()
    for name in sizes:
        size = SIZES[name]
        batch = size.batch or args.batch
        sequence = (size.lengths[0] + size.lengths[1]) // 2 if size.lengths else args.sequence  # BenchSize.SequenceFor
        torch.manual_seed(args.seed)
        model = TransformerLM(size, attention)
        optimizer = make_optimizer(model)
        generator = torch.Generator().manual_seed(args.seed)
        model.train()
        # BenchSize.StepsFor: the variable-length sizes need more steps for a steady figure
        warmup = args.warmup if args.warmup is not None else (40 if size.lengths else 3)
        steps = args.steps if args.steps is not None else (200 if size.lengths else 20)
        for _ in range(warmup):
            train_step(model, optimizer, generator, size, batch, sequence)
        times = dict(data=0.0, forward=0.0, backward=0.0, update=0.0)
        tokens = 0
        start = time.perf_counter()
        for _ in range(steps):
            tokens += train_step(model, optimizer, generator, size, batch, sequence, times)
        seconds = time.perf_counter() - start
        tokens_per_s = tokens / seconds
        fpt = flops_per_token(size, sequence)
        gflops = tokens_per_s * fpt / 1e9
        if args.profile:
            profile(model, optimizer, generator, size, batch, sequence, args.profile_steps, 25)
        decode = None if args.no_decode else decode_tokens_per_s(model, size, args.decode_batch, args.decode_length, args.seed)
        ms = {k: round(v * 1000 / steps, 2) for k, v in times.items()}
        result = {
            "size": name, "params": sum(p.numel() for p in model.parameters()),
            "layers": size.layers, "d_model": size.d, "heads": size.heads, "threads": torch.get_num_threads(),
            "batch": batch, "sequence": sequence, "timed_steps": steps,
            "train_tokens_per_s": round(tokens_per_s, 1), "step_ms": round(seconds * 1000 / steps, 2),
            "data_ms": ms["data"], "forward_ms": ms["forward"], "backward_ms": ms["backward"],
            "optimizer_ms": ms["update"],
            "flops_per_token": fpt, "gflops": round(gflops, 2), "peak_gflops": round(peak, 1),
            "mfu": round(gflops / peak, 4) if peak > 0 else None,
            "decode_length": args.decode_length,
            "decode_tokens_per_s_cache": round(decode, 1) if decode is not None else None,
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            "attention": attention, "torch_version": torch.__version__, "python": platform.python_version(),
            "openblas_num_threads": os.environ.get("OPENBLAS_NUM_THREADS"),
            "openblas_coretype": os.environ.get("OPENBLAS_CORETYPE"),
        }
        if args.json:
            print(json.dumps(result), flush=True)
        else:
            print(f"{name}: {result['params']:,} params, {result['threads']} thread(s), {attention} attention: "
                  f"{tokens_per_s:,.0f} train tokens/s, {result['step_ms']} ms/step "
                  f"(data {ms['data']}, fwd {ms['forward']}, bwd {ms['backward']}, clip+AdamW {ms['update']}), "
                  f"{gflops:.1f} GFLOP/s" + (f" = {gflops / peak:.0%} of {peak:.0f}" if peak > 0 else "")
                  + (f"; decode with cache {decode:,.0f} tokens/s" if decode is not None else ""), flush=True)


if __name__ == "__main__":
    main()
