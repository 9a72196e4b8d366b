#!/usr/bin/env python3
"""Measures the epochs of a small training loop with gpufleet.Monitor and prints each window.

A least-squares model trained by gradient descent in numpy stands in for real training. Each
epoch is a window (a context manager), each step another (a decorator), nested inside the epoch.

    PYTHONPATH=build/python python3 examples/python/train_loop.py [--epochs 3] [--site us-average]
        [--csv runs.csv] [--ledger runs.db]

Without a GPU the windows have no GPU energy (an absent figure, never 0); with the fake NVML
library (GPUFLEET_NVML_LIB=build/fake_nvml/libnvidia-ml.so.1 FAKE_NVML_SCRIPT=script) they do.
"""
import argparse

import numpy as np

import gpufleet


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--steps", type=int, default=20)
    ap.add_argument("--site", default="us-average")
    ap.add_argument("--csv")
    ap.add_argument("--ledger")
    args = ap.parse_args()

    rng = np.random.default_rng(15)
    x = rng.normal(size=(4096, 64))
    true_w = rng.normal(size=64)
    y = x @ true_w + 0.01 * rng.normal(size=4096)
    w = np.zeros(64)

    with gpufleet.Monitor(site=args.site, project="train_loop", csv=args.csv,
                          ledger=args.ledger) as m:
        for note in m.notes:
            print("note:", note)

        @m.measure("step")
        def step(w):
            grad = x.T @ (x @ w - y) / len(y)
            return w - 0.1 * grad

        for epoch in range(args.epochs):
            with m.window(f"epoch-{epoch}") as h:
                for _ in range(args.steps):
                    w = step(w)
            loss = float(np.mean((x @ w - y) ** 2))
            win = h.result
            print(f"{win.name}: loss {loss:.4g}, {win.duration_s:.3f} s, "
                  f"energy {win.energy}, GPUs {win.gpu_energy}, CO2e {win.co2e}, "
                  f"cost {win.cost}, water {win.water}")
            for device, energy in win.devices.items():
                print(f"  {device}: {energy}")
        print(f"last step: {m.last_window.name}, energy {m.last_window.energy}")


if __name__ == "__main__":
    main()
