#!/usr/bin/env python3
"""The peers' side of the 2-D kernel benchmark (issue 19): one thread, compute only, one kernel per image,
convolve2d(x, h, mode='same', boundary='fill') of n x n images with k x k kernels, in images/s.

Peers, one JSON object per line {"n", "k", "peer", "images_per_s", "batch"}:
  loop-convolve2d    scipy.signal.convolve2d per image (scipy's direct 2-D loop)
  loop-convolve      scipy.signal.convolve(x, h, 'same') per image, method auto (direct or FFT by scipy's choice)
  batch-fftconvolve  scipy.signal.fftconvolve(X, H, 'same', axes=(-2, -1)) on a stack of images and a stack of
                     kernels (one kernel per image)
  batch-oaconvolve   scipy.signal.oaconvolve, likewise
  tf-depthwise       TensorFlow's depthwise convolution with one channel per image: the images as one (1, n, n, C)
                     float64 tensor, a (k, k, C, 1) depthwise filter, padding SAME (for odd k the same window as
                     scipy's 'same'; TF correlates, which costs the same), in a tf.function
TensorFlow is optional: without it the tf-depthwise line says why in "error". Slow cases are timed with fewer
calls (one call of at least `--seconds`); fast ones best of 3 runs of at least `--seconds`.

    work/pyenv2d/bin/python bench/scipy_bench_2d.py [--n 64,256,1024] [--k 3,7,15,31,63] [--seconds 0.4]
"""
import argparse
import json
import os
import sys
import time

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "TF_NUM_INTRAOP_THREADS",
            "TF_NUM_INTEROP_THREADS"):
    os.environ.setdefault(var, "1")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
import numpy as np  # noqa: E402
import scipy  # noqa: E402
from scipy import signal  # noqa: E402

try:
    import tensorflow as tf  # noqa: E402
    tf.config.threading.set_intra_op_parallelism_threads(1)
    tf.config.threading.set_inter_op_parallelism_threads(1)
    TF_ERROR = None
except Exception as e:  # ImportError, or a broken install
    tf = None
    TF_ERROR = "%s: %s" % (type(e).__name__, e)


def images_per_s(fn, images, seconds):
    """Images per second of fn() (which processes `images` images): best of 3 runs of at least `seconds`,
    or a single call when one call already takes that long."""
    start = time.perf_counter()
    fn()  # warm-up (and TF tracing); also tells how slow a call is
    first = time.perf_counter() - start
    if first >= seconds:
        start = time.perf_counter()
        fn()
        return images / (time.perf_counter() - start)
    best = 0.0
    for _ in range(3):
        done = 0
        start = time.perf_counter()
        while True:
            fn()
            done += images
            elapsed = time.perf_counter() - start
            if elapsed >= seconds:
                break
        best = max(best, done / elapsed)
    return best


def stack_size(n, k, limit):
    """Images per batched call: up to `limit`, fewer for heavy shapes (about 2 G multiply-adds per call)."""
    return max(1, min(limit, int(2e9 // (n * n * k * k))))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", default="64,256,1024")
    parser.add_argument("--k", default="3,7,15,31,63")
    parser.add_argument("--seconds", type=float, default=0.4)
    args = parser.parse_args()
    rng = np.random.default_rng(42)
    meta = {"scipy": scipy.__version__, "numpy": np.__version__,
            "tensorflow": tf.__version__ if tf is not None else None, "tf_error": TF_ERROR}
    print(json.dumps({"meta": meta}), flush=True)
    for n in map(int, args.n.split(",")):
        for k in map(int, args.k.split(",")):
            if k >= n:
                continue
            batch = {64: 256, 256: 32}.get(n, 8)
            X = rng.random((batch, n, n)) - 0.5
            H = rng.random((batch, k, k)) - 0.5
            x, h = X[0], H[0]

            def emit(peer, rate, images, **extra):
                print(json.dumps(dict({"n": n, "k": k, "peer": peer, "images_per_s": rate, "batch": images},
                                      **extra)), flush=True)

            emit("loop-convolve2d", images_per_s(lambda: signal.convolve2d(x, h, mode="same"), 1, args.seconds), 1)
            emit("loop-convolve", images_per_s(lambda: signal.convolve(x, h, mode="same"), 1, args.seconds), 1)
            for name, fn in (("batch-fftconvolve", signal.fftconvolve), ("batch-oaconvolve", signal.oaconvolve)):
                emit(name, images_per_s(lambda: fn(X, H, mode="same", axes=(-2, -1)), batch, args.seconds), batch)
            if tf is None:
                emit("tf-depthwise", None, 0, error=TF_ERROR)
                continue
            c = stack_size(n, k, batch)
            images = tf.constant(np.ascontiguousarray(np.transpose(X[:c], (1, 2, 0))[np.newaxis]))  # (1, n, n, C)
            filters = tf.constant(np.ascontiguousarray(np.transpose(H[:c], (1, 2, 0))[:, :, :, np.newaxis]))
            depthwise = tf.function(
                lambda a, w: tf.nn.depthwise_conv2d(a, w, strides=[1, 1, 1, 1], padding="SAME"))
            emit("tf-depthwise", images_per_s(lambda: depthwise(images, filters).numpy(), c, args.seconds), c)


if __name__ == "__main__":
    sys.exit(main())
