"""PyTorch peer for the toy-model workloads, written as the reference notebooks do it
(instances as a leading dimension, fresh batch every step, Adam)."""
import argparse

import torch

from common import emit, timeit


def small(steps):
    # 10 instances x (n = 5, m = 2), batch 1024, Adam, ReLU-output model.
    n_inst, n, m, batch = 10, 5, 2, 1024
    g = torch.Generator().manual_seed(0)
    W = torch.nn.Parameter(torch.randn(n_inst, m, n, generator=g) * 0.26)
    b = torch.nn.Parameter(torch.zeros(n_inst, n))
    importance = (0.9 ** torch.arange(n)).float()
    prob = (20 ** -torch.linspace(0, 1, n_inst)).unsqueeze(-1)
    opt = torch.optim.Adam([W, b], lr=1e-3)

    def step():
        x = torch.rand(batch, n_inst, n, generator=g)
        x = torch.where(torch.rand(batch, n_inst, n, generator=g) <= prob, x, torch.zeros(()))
        h = torch.einsum("imn,bin->bim", W, x)
        out = torch.relu(torch.einsum("imn,bim->bin", W, h) + b)
        loss = (importance * (x - out) ** 2).mean(dim=(0, 2)).sum()
        opt.zero_grad()
        loss.backward()
        opt.step()

    r = timeit(lambda: [step() for _ in range(steps)], runs=3, warmup=1)
    r["steps"] = steps
    r["steps_per_s"] = steps / r["median_s"]
    return r


def large(steps):
    # n = 10,000, m = 500, batch 256, feature probability 0.01, Adam (dense, as the notebooks do).
    n, m, batch, p = 10_000, 500, 256, 0.01
    g = torch.Generator().manual_seed(0)
    W = torch.nn.Parameter(torch.randn(m, n, generator=g) * (2.0 / (n + m)) ** 0.5)
    b = torch.nn.Parameter(torch.zeros(n))
    importance = 100 ** -torch.linspace(0, 1, n)
    opt = torch.optim.Adam([W, b], lr=1e-3)

    def step():
        x = torch.rand(batch, n, generator=g)
        x = torch.where(torch.rand(batch, n, generator=g) <= p, x, torch.zeros(()))
        h = x @ W.T
        out = torch.relu(h @ W + b)
        loss = (importance * (x - out) ** 2).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()

    r = timeit(step, runs=steps, warmup=2)
    r["ms_per_step"] = r["median_s"] * 1e3
    return r


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--small-steps", type=int, default=2000)
    ap.add_argument("--large-steps", type=int, default=5)
    ap.add_argument("--small-only", action="store_true", help="the small model only (a second pass)")
    a = ap.parse_args()
    if a.small_only:
        emit({"toy_small": small(a.small_steps)})
    else:
        emit({"toy_small": small(a.small_steps), "toy_large": large(a.large_steps)})
