#!/usr/bin/python3
"""The serving simulator's small case (bench/serving_sim_bench.cc, SimpyCase) in SimPy 3.

The same model as src/sim/serving_sim.cc, written the way a SimPy user would: an arrival
process (Poisson, hourly rate profile, by inverting the cumulative rate) feeding a waiting line,
and an engine process that, at each step boundary, prefills the waiting requests that fit
(first come first served; running + admitted < max_batch and the full lengths fit the KV cache)
or else runs one decode step over the running sequences (each one token), or else waits for an
arrival. Step costs: the Llama-3.1-70B on 8 x H100 table of src/sim/serving_example.h.

usage: serving_simpy.py REPLICAS [SEED]    prints JSON: per-statistic mean and sd over replicas,
                                            decode steps, wall and CPU seconds
"""
import json
import math
import random
import statistics
import sys
import time

import simpy

MAX_BATCH = 64
RATE, HORIZON = 4.0, 1200.0
PROFILE = [2.0] + [1.0] * 23
IN_MEAN, IN_LO, IN_HI = 1000, 1, 8000
OUT_MEAN, OUT_LO, OUT_HI = 250, 1, 2000

DECODE_S = [0.0] + [3e-3 + max(7.5e-3, 35e-6 * b) for b in range(1, MAX_BATCH + 1)]
DECODE_W = [0.0] + [8 * (350 + 250 * min(1.0, b / 256)) for b in range(1, MAX_BATCH + 1)]
CTX_S = 17.4e-9
PREFILL_FIXED, PREFILL_TOKEN, PREFILL_TOKEN2 = 5e-3, 35e-6, 0.33e-9
PREFILL_W, IDLE_W = 8 * 650, 8 * 80
KV_TOKENS = 1.34e6
RATE_BY_HOUR = [RATE * m * 24 / sum(PROFILE) for m in PROFILE]


def draw(rng, mean, lo, hi):
    return int(min(max(math.ceil(rng.expovariate(1 / mean)), lo), hi))


def quantile(v, p):
    v = sorted(v)
    pos = p * (len(v) - 1)
    i = int(pos)
    return v[i] if i + 1 >= len(v) else v[i] + (pos - i) * (v[i + 1] - v[i])


def replica(seed):
    rng = random.Random(seed)
    env = simpy.Environment()
    waiting, running = [], []  # running: [arrival, first_token, in, out, remaining]
    st = {"ttft": [], "tpot": [], "e2e": [], "energy": 0.0, "steps": 0, "wake": None}

    def arrivals():
        t = 0.0
        while True:
            need, hour = rng.expovariate(1.0), int(t // 3600)
            while True:
                end, r = (hour + 1) * 3600.0, RATE_BY_HOUR[hour % 24]
                if need < r * (end - t):
                    t += need / r
                    break
                need -= r * (end - t)
                t, hour = end, hour + 1
            if t >= HORIZON:
                return
            yield env.timeout(t - env.now)
            waiting.append((t, draw(rng, IN_MEAN, IN_LO, IN_HI), draw(rng, OUT_MEAN, OUT_LO, OUT_HI)))
            if st["wake"] is not None and not st["wake"].triggered:
                st["wake"].succeed()

    def complete(arrival, first, n_out):
        st["ttft"].append(first - arrival)
        st["e2e"].append(env.now - arrival)
        if n_out > 1:
            st["tpot"].append((env.now - first) / (n_out - 1))

    def engine():
        kv = 0
        while True:
            admitted = []
            while waiting and len(running) + len(admitted) < MAX_BATCH and \
                    kv + waiting[0][1] + waiting[0][2] <= KV_TOKENS:
                q = waiting.pop(0)
                kv += q[1] + q[2]
                admitted.append(q)
            if admitted:
                dt = PREFILL_FIXED + sum(PREFILL_TOKEN * n + PREFILL_TOKEN2 * n * n for _, n, _ in admitted)
                st["energy"] += PREFILL_W * dt
                yield env.timeout(dt)
                for arrival, n_in, n_out in admitted:
                    if n_out == 1:
                        kv -= n_in + n_out
                        complete(arrival, env.now, 1)
                    else:
                        running.append([arrival, env.now, n_in, n_out, n_out - 1])
            elif running:
                b = len(running)
                ctx = sum(s[2] + s[3] - s[4] for s in running)  # prompt + tokens generated so far
                dt = DECODE_S[b] + CTX_S * ctx
                st["energy"] += DECODE_W[b] * dt
                yield env.timeout(dt)
                st["steps"] += 1
                still = []
                for s in running:
                    s[4] -= 1
                    if s[4] == 0:
                        kv -= s[2] + s[3]
                        complete(s[0], s[1], s[3])
                    else:
                        still.append(s)
                running[:] = still
            else:
                st["wake"] = env.event()
                t0 = env.now
                yield st["wake"] | env.timeout(max(HORIZON - env.now, 0) + 1e-9)
                st["energy"] += IDLE_W * (env.now - t0)
                if env.now >= HORIZON and not waiting:
                    return

    env.process(arrivals())
    done = env.process(engine())
    env.run(until=done)
    end = max(env.now, HORIZON)
    st["energy"] += IDLE_W * (end - env.now)
    return {"ttft": statistics.fmean(st["ttft"]), "tpot": statistics.fmean(st["tpot"]),
            "e2e": statistics.fmean(st["e2e"]), "e2e_p99": quantile(st["e2e"], 0.99),
            "energy_j_per_request": st["energy"] / len(st["e2e"]), "steps": st["steps"]}


def main():
    n = int(sys.argv[1])
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    t0, c0 = time.perf_counter(), time.process_time()
    rs = [replica(seed * 1_000_003 + i) for i in range(n)]
    seconds, cpu_seconds = time.perf_counter() - t0, time.process_time() - c0
    out = {"replicas": n, "seconds": seconds, "cpu_seconds": cpu_seconds,
           "decode_steps": sum(r["steps"] for r in rs)}
    for k in ("ttft", "tpot", "e2e", "e2e_p99", "energy_j_per_request", "steps"):
        v = [r[k] for r in rs]
        out[k + "_mean"], out[k + "_sd"] = statistics.fmean(v), statistics.stdev(v)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
