"""Shared timing helpers for the PyTorch peer scripts: warm-up, repeated runs, medians."""
import json
import os
import sys
import time

import torch

torch.set_num_threads(1)


def median(xs):
    s = sorted(xs)
    n = len(s)
    return s[n // 2] if n % 2 else 0.5 * (s[n // 2 - 1] + s[n // 2])


def timeit(fn, runs=5, warmup=1, inner=1):
    """Median seconds per call of fn() over `runs` timed batches of `inner` calls."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        for _ in range(inner):
            fn()
        times.append((time.perf_counter() - t0) / inner)
    return {"median_s": median(times), "min_s": min(times), "max_s": max(times), "runs": runs}


def emit(results):
    meta = {
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
        "openblas_coretype": os.environ.get("OPENBLAS_CORETYPE"),
        "python": sys.version.split()[0],
    }
    json.dump({"peer": "pytorch", "meta": meta, "results": results}, sys.stdout)
    sys.stdout.write("\n")
