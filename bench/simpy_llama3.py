#!/usr/bin/python3
"""The Llama 3 reliability scenario written with SimPy 3, for bench/simpy_compare.sh.

The same model as gpufleet's simulator with --explicit-checkpoints: one job computing in
segments of `interval` seconds, each followed by a checkpoint write; interruptions from a
superposed Poisson process (class picked by rate); a failure loses the compute since the last
complete checkpoint and takes the job down for `restart` (a failure while down extends the
downtime); planned stops keep the progress and take the job down for `planned_downtime`; the run
lasts `horizon` seconds. Prints one JSON line: replicas, seconds, mean interruptions, mean
effective training time, events.

usage: simpy_llama3.py PARAMS_JSON REPLICAS
PARAMS_JSON: {"horizon_s", "interval_s", "write_s", "rates_per_s": [...], "restart_s": [...],
              "planned_per_s", "planned_downtime_s"}
"""
import json
import random
import sys
import time

import simpy


def replica(p, seed):
    rng = random.Random(seed)
    env = simpy.Environment()
    total = sum(p["rates_per_s"])
    cum, acc = [], 0.0
    for r in p["rates_per_s"]:
        acc += r / total
        cum.append(acc)
    st = {"useful": 0.0, "lost": 0.0, "ckpt": 0.0, "down": 0.0, "failures": 0, "planned": 0,
          "events": 0, "running": True, "phase": "compute", "seg_start": 0.0, "write_start": 0.0,
          "down_since": 0.0, "down_until": 0.0}
    T, d = p["interval_s"], p["write_s"]

    def job():
        while True:
            try:
                if st["running"]:
                    st["phase"], st["seg_start"] = "compute", env.now
                    yield env.timeout(T)
                    st["events"] += 1
                    st["phase"], st["write_start"] = "write", env.now
                    yield env.timeout(d)
                    st["events"] += 1
                    st["useful"] += T
                    st["ckpt"] += d
                else:
                    yield env.timeout(st["down_until"] - env.now)
                    st["events"] += 1
                    st["down"] += env.now - st["down_since"]
                    st["running"] = True
            except simpy.Interrupt as it:
                kind, duration = it.cause
                if st["running"]:
                    if st["phase"] == "compute":
                        part, part_w = env.now - st["seg_start"], 0.0
                    else:
                        part, part_w = T, env.now - st["write_start"]
                    if kind == "failure":
                        st["lost"] += part
                    else:
                        st["useful"] += part
                    st["ckpt"] += part_w
                    st["running"], st["down_since"] = False, env.now
                    st["down_until"] = env.now + duration
                else:
                    st["down_until"] = max(st["down_until"], env.now + duration)

    proc = env.process(job())

    def failures():
        while True:
            yield env.timeout(rng.expovariate(total))
            st["events"] += 1
            u = rng.random()
            c = next((i for i, x in enumerate(cum) if u < x), len(cum) - 1)
            st["failures"] += 1
            proc.interrupt(("failure", p["restart_s"][c]))

    def planned():
        while True:
            yield env.timeout(rng.expovariate(p["planned_per_s"]))
            st["events"] += 1
            st["planned"] += 1
            proc.interrupt(("planned", p["planned_downtime_s"]))

    env.process(failures())
    if p["planned_per_s"] > 0:
        env.process(planned())
    env.run(until=p["horizon_s"])
    return st


def main():
    p = json.load(open(sys.argv[1]))
    n = int(sys.argv[2])
    t0 = time.perf_counter()
    failures = goodput = events = 0.0
    for i in range(n):
        st = replica(p, i)
        failures += st["failures"]
        events += st["events"]
        # Work in flight at the horizon counts as useful, as in gpufleet.
        goodput += 1 - (st["lost"] + st["ckpt"] + st["down"]) / p["horizon_s"]
    dt = time.perf_counter() - t0
    print(json.dumps({"replicas": n, "seconds": dt, "mean_interruptions": failures / n,
                      "mean_effective_training_time": goodput / n, "events": events}))


if __name__ == "__main__":
    main()
