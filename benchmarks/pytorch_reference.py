#!/usr/bin/python3
"""Python yardstick for `mnemo bench`: the same model and training step in PyTorch.

Pre-LayerNorm GPT with learned positions (256 rows) and tied embeddings, GELU MLP of width 4 x d,
attention written as matmul + mask + softmax, vocabulary 256, batch 64, sequence 128, random tokens,
AdamW (betas 0.9/0.95, weight decay 0.1 on matrices only), gradient clipping at 1.0. Prints the
training tokens/s and the mean step time.

Meant for Debian's python3-torch (PyTorch 1.13) with libopenblas0-pthread:
    /usr/bin/python3 benchmarks/pytorch_reference.py --size base --threads 2
"""
import argparse
import json
import math
import os
import sys
import time


def _threads_from_argv(default=2):
    """OpenBLAS (the BLAS behind Debian's torch) sizes its own thread pool when it loads: set it first."""
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

SIZES = {"tiny": (2, 64, 4), "small": (4, 128, 4), "base": (4, 256, 4)}  # layers, d_model, heads
VOCAB, POSITIONS = 256, 256


class Attention(nn.Module):
    def __init__(self, d, heads):
        super().__init__()
        self.heads = heads
        self.qkv = nn.Linear(d, 3 * d)
        self.out = nn.Linear(d, d)

    def forward(self, x, allowed):
        b, t, d = x.shape
        q, k, v = self.qkv(x).view(b, t, 3, self.heads, d // self.heads).permute(2, 0, 3, 1, 4).unbind(0)
        scores = q @ k.transpose(-2, -1) / math.sqrt(d // self.heads)
        scores = scores.masked_fill(~allowed, -1e9)
        return self.out((scores.softmax(-1) @ v).transpose(1, 2).reshape(b, t, d))


class Block(nn.Module):
    def __init__(self, d, heads):
        super().__init__()
        self.ln1, self.ln2 = nn.LayerNorm(d), nn.LayerNorm(d)
        self.attn = Attention(d, heads)
        self.mlp_in, self.mlp_out = nn.Linear(d, 4 * d), nn.Linear(4 * d, d)

    def forward(self, x, allowed):
        x = x + self.attn(self.ln1(x), allowed)
        return x + self.mlp_out(F.gelu(self.mlp_in(self.ln2(x))))


class GPT(nn.Module):
    def __init__(self, layers, d, heads):
        super().__init__()
        self.tokens = nn.Embedding(VOCAB, d)
        self.positions = nn.Embedding(POSITIONS, d)
        self.blocks = nn.ModuleList(Block(d, heads) for _ in range(layers))
        self.ln = nn.LayerNorm(d)
        for name, p in self.named_parameters():
            if name.endswith("bias"):
                nn.init.zeros_(p)
            elif p.dim() >= 2:
                nn.init.normal_(p, 0.0, 0.02)

    def forward(self, ids):
        t = ids.shape[1]
        pos = torch.arange(t).unsqueeze(0).expand_as(ids)
        x = self.tokens(ids) + self.positions(pos)
        allowed = torch.ones(t, t, dtype=torch.bool).tril().view(1, 1, t, t)
        for block in self.blocks:
            x = block(x, allowed)
        return self.ln(x) @ self.tokens.weight.t()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=SIZES, default="base")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--steps", type=int, default=20, help="timed steps")
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--sequence", type=int, default=128)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    model = GPT(*SIZES[args.size])
    decay = [p for p in model.parameters() if p.dim() >= 2]
    keep = [p for p in model.parameters() if p.dim() < 2]
    optimizer = torch.optim.AdamW([{"params": decay, "weight_decay": 0.1}, {"params": keep, "weight_decay": 0.0}],
                                  lr=1e-3, betas=(0.9, 0.95), eps=1e-8)
    model.train()
    start = None
    for step in range(args.warmup + args.steps):
        if step == args.warmup:
            start = time.perf_counter()
        seq = torch.randint(2, VOCAB, (args.batch, args.sequence + 1))
        ids, labels = seq[:, :-1], seq[:, 1:]
        optimizer.zero_grad()
        logits = model(ids)
        loss = F.cross_entropy(logits.reshape(-1, VOCAB), labels.reshape(-1), ignore_index=-100)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
    seconds = time.perf_counter() - start
    tokens_per_s = args.batch * args.sequence * args.steps / seconds
    result = {
        "size": args.size, "framework": f"pytorch {torch.__version__}", "threads": torch.get_num_threads(),
        "blas_threads": os.environ.get("OPENBLAS_NUM_THREADS"),
        "params": sum(p.numel() for p in model.parameters()),
        "train_tokens_per_s": round(tokens_per_s, 1), "step_ms": round(seconds * 1000 / args.steps, 1),
    }
    if args.json:
        print(json.dumps(result))
    else:
        print(f"{args.size}: {result['params']:,} parameters, {result['threads']} thread(s): "
              f"{tokens_per_s:,.0f} train tokens/s, {result['step_ms']} ms/step")


if __name__ == "__main__":
    main()
