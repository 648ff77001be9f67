"""Hardware probe through the peer: SGEMM rate of the tuned BLAS (one thread), and
the blocked Gram of 10^5 unit vectors at d = 512 timed on a band of rows."""
import argparse

import torch

from common import emit, timeit


def gemm(size):
    g = torch.Generator().manual_seed(0)
    a = torch.randn(size, size, generator=g)
    b = torch.randn(size, size, generator=g)
    r = timeit(lambda: a @ b, runs=5)
    r["gflops"] = 2 * size**3 / r["median_s"] / 1e9
    return r


def gram_band(n, d, band):
    g = torch.Generator().manual_seed(0)
    X = torch.nn.functional.normalize(torch.randn(n, d, generator=g), dim=1)
    def run():
        # max |cos| over a band of `band` rows against all n: the work of one strip of the Gram.
        return (X[:band] @ X.T).abs().max()
    r = timeit(run, runs=3)
    flops = 2.0 * band * n * d
    r["gflops"] = flops / r["median_s"] / 1e9
    r["full_pass_s"] = (n * n * d) / (r["gflops"] * 1e9)  # symmetric: half of 2*n^2*d
    return r


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--gemm", type=int, default=1024)
    ap.add_argument("--gram-band", type=int, default=1024)
    a = ap.parse_args()
    emit({"sgemm": gemm(a.gemm), "gram_band": gram_band(100_000, 512, a.gram_band)})
