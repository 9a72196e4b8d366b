#!/usr/bin/python3
"""Server under attack, on loopback, bounded (issue #12).

Starts `gpufleet serve` and then `gpufleet export` on 127.0.0.1 with a free port (--listen
127.0.0.1:0) and, for each, at once:

  * 200 slow clients: 3/4 send a request header one byte a second and never finish it
    (slowloris), 1/4 send a complete header and then a body one byte a second; each holds its
    connection open and reconnects when the server drops it;
  * heavy requests: for serve, concurrent POST /api/train (replicas 2000, count 1e6, the top of
    the accepted ranges) and POST /api/sweep (replicas 500, 16 points up to 1e6 GPUs); for
    export, concurrent /metrics scrapes, back to back;
  * 1,000 health checks (GET /api/health, for export GET /metrics, its only route) spread over
    10 s, each on a new connection, each timed from connect to the last byte (5 s timeout).

The slow and heavy clients run in a second process so that their Python overhead does not add to
the timed health checks. A quiet peer (200 health checks, no attack) runs first on the same server.
Then: is the process alive, does it answer, and its exit status on SIGTERM.

Every loop is bounded in count and time; all traffic goes to 127.0.0.1 only, to the server this
script started. Prints one summary per server and exits non-zero when a health check p99 is
>= --p99-ms (100), a health check failed or timed out, or the server crashed, stopped answering
or did not stop cleanly on SIGTERM.

  /usr/bin/python3 bench/attack_serve.py [--build build] [--server serve|export|both]
"""
import argparse
import asyncio
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time

HOST = "127.0.0.1"  # loopback only, never anything else
HEALTH_TIMEOUT_S = 5.0


# ---------------------------------------------------------------------------------------------
# Health checks (main process)

async def one_request(port, raw, timeout):
    """Sends `raw` on a new connection to HOST:port, reads to EOF. Returns (status, seconds)."""
    t0 = time.perf_counter()

    async def go():
        reader, writer = await asyncio.open_connection(HOST, port)
        try:
            writer.write(raw)
            await writer.drain()
            data = await reader.read()  # Connection: close, so EOF ends the response
        finally:
            writer.close()
        m = re.match(rb"HTTP/1\.[01] (\d{3})", data)
        return int(m.group(1)) if m else -1

    try:
        status = await asyncio.wait_for(go(), timeout)
    except asyncio.TimeoutError:
        status = "timeout"
    except OSError:
        status = "error"
    return status, time.perf_counter() - t0


async def health_checks(port, path, count, spread_s):
    raw = f"GET {path} HTTP/1.1\r\nHost: {HOST}\r\nConnection: close\r\n\r\n".encode()
    start = time.perf_counter()
    tasks = []
    for i in range(count):
        delay = start + i * spread_s / count - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one_request(port, raw, HEALTH_TIMEOUT_S)))
    return await asyncio.gather(*tasks)


def pct(sorted_values, p):
    if not sorted_values:
        return float("nan")
    i = min(len(sorted_values) - 1, max(0, int(round(p / 100 * len(sorted_values) + 0.5)) - 1))
    return sorted_values[i]


def summarize(results):
    ok = sorted(t for s, t in results if s == 200)
    alltimes = sorted(t for _, t in results)  # a timeout counts as its 5 s
    return {
        "n": len(results),
        "ok": len(ok),
        "failed": sum(1 for s, _ in results if s not in (200, "timeout")),
        "timeouts": sum(1 for s, _ in results if s == "timeout"),
        "p50_ms": pct(alltimes, 50) * 1e3,
        "p95_ms": pct(alltimes, 95) * 1e3,
        "p99_ms": pct(alltimes, 99) * 1e3,
        "max_ms": alltimes[-1] * 1e3 if alltimes else float("nan"),
    }


# ---------------------------------------------------------------------------------------------
# Attackers (second process: --role attack)

async def attack(port, kind, slow, heavy, seconds):
    deadline = time.monotonic() + seconds
    stats = {"slow_connected": 0, "slow_dropped": 0, "slow_refused": 0, "heavy_sent": 0,
             "heavy_status": {}}
    path = "/api/health" if kind == "serve" else "/metrics"
    body_path = "/api/train" if kind == "serve" else "/metrics"

    async def slow_client(i):
        body = i % 4 == 3  # a quarter send their body slowly, the rest their header
        while time.monotonic() < deadline:
            try:
                reader, writer = await asyncio.open_connection(HOST, port)
            except OSError:
                stats["slow_refused"] += 1
                await asyncio.sleep(1)
                continue
            stats["slow_connected"] += 1
            try:
                if body:
                    writer.write(f"POST {body_path} HTTP/1.1\r\nHost: {HOST}\r\n"
                                 "Content-Type: application/json\r\n"
                                 "Content-Length: 60000\r\n\r\n{".encode())
                else:
                    writer.write(f"GET {path} HTTP/1.1\r\nHost: {HOST}\r\nX-Slow: ".encode())
                await writer.drain()
                while time.monotonic() < deadline:
                    await asyncio.sleep(1)
                    if reader.at_eof():
                        raise ConnectionResetError
                    writer.write(b" " if body else b"a")
                    await writer.drain()
            except OSError:
                stats["slow_dropped"] += 1
            finally:
                writer.close()

    async def heavy_client(i):
        if kind == "serve":
            if i % 2 == 0:
                target, body = "/api/train", {"replicas": 2000, "count": 1000000}
            else:
                target, body = "/api/sweep", {"replicas": 500, "points": 16, "to": 1000000}
            data = json.dumps(body).encode()
            raw = (f"POST {target} HTTP/1.1\r\nHost: {HOST}\r\nConnection: close\r\n"
                   f"Content-Type: application/json\r\nContent-Length: {len(data)}\r\n\r\n"
                   ).encode() + data
        else:
            raw = f"GET /metrics HTTP/1.1\r\nHost: {HOST}\r\nConnection: close\r\n\r\n".encode()
        while time.monotonic() < deadline:
            left = deadline - time.monotonic()
            status, _ = await one_request(port, raw, max(0.1, left))
            stats["heavy_sent"] += 1
            stats["heavy_status"][str(status)] = stats["heavy_status"].get(str(status), 0) + 1
            if status not in (200, "timeout"):
                await asyncio.sleep(0.05)  # refused or reset: do not spin

    slow_tasks = [asyncio.create_task(slow_client(i)) for i in range(slow)]
    # Every slow client has sent its first bytes (or the attack window is over).
    while stats["slow_connected"] + stats["slow_refused"] < slow and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    await asyncio.sleep(0.5)
    heavy_tasks = [asyncio.create_task(heavy_client(i)) for i in range(heavy)]
    print("ready", flush=True)
    await asyncio.gather(*slow_tasks, *heavy_tasks)
    return stats


# ---------------------------------------------------------------------------------------------
# One server

def start_server(cli, kind):
    args = [cli, kind, "--listen", f"{HOST}:0"]
    if kind == "export":
        args += ["--interval", "1s"]
    proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    lines = []
    port = None
    t_end = time.monotonic() + 15
    while time.monotonic() < t_end:
        line = proc.stderr.readline().decode(errors="replace")
        if not line:
            break
        lines.append(line)
        m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        if m:
            port = int(m.group(1))
            break
    if port is None:
        proc.kill()
        proc.wait()
        sys.exit(f"attack_serve: {kind} did not start:\n{''.join(lines)}")
    # Drain the rest of stderr in the background so the server never blocks on it.
    threading.Thread(target=lambda: lines.extend(l.decode(errors="replace")
                                                 for l in proc.stderr), daemon=True).start()
    return proc, port, lines


def fmt(s):
    return (f"p50 {s['p50_ms']:7.1f} ms  p95 {s['p95_ms']:7.1f} ms  p99 {s['p99_ms']:7.1f} ms  "
            f"max {s['max_ms']:7.1f} ms  ok {s['ok']}/{s['n']}  failed {s['failed']}  "
            f"timeouts {s['timeouts']}")


def run_server(a, kind):
    cli = os.path.join(a.build, "gpufleet")
    path = "/api/health" if kind == "serve" else "/metrics"
    heavy = a.heavy if a.heavy is not None else (6 if kind == "serve" else 16)
    t0 = time.monotonic()
    proc, port, log = start_server(cli, kind)
    print(f"== {kind} on {HOST}:{port} (pid {proc.pid}; {os.cpu_count()} cores, load "
          f"{os.getloadavg()[0]:.1f}): {a.slow} slow clients, {heavy} heavy clients, "
          f"{a.health} health checks of {path} over {a.spread:g} s", flush=True)

    quiet = summarize(asyncio.run(health_checks(port, path, 200, 2.0)))
    print(f"quiet   {fmt(quiet)}", flush=True)

    attack_s = a.spread + 6
    attacker = subprocess.Popen(
        [sys.executable, os.path.abspath(__file__), "--role", "attack", "--port", str(port),
         "--server", kind, "--slow", str(a.slow), "--heavy", str(heavy),
         "--attack-s", str(attack_s)],
        stdout=subprocess.PIPE, stdin=subprocess.DEVNULL)
    ready = attacker.stdout.readline().decode().strip()
    if ready != "ready":
        print(f"attack_serve: attacker did not start ({ready!r})")
    time.sleep(1.0)
    hurt = summarize(asyncio.run(health_checks(port, path, a.health, a.spread)))
    print(f"attack  {fmt(hurt)}", flush=True)
    try:
        out, _ = attacker.communicate(timeout=attack_s + 15)
        stats = json.loads(out.decode().strip().splitlines()[-1])
    except (subprocess.TimeoutExpired, ValueError, IndexError):
        attacker.kill()
        attacker.wait()
        stats = {"error": "attacker did not finish"}
    print(f"attackers {json.dumps(stats)}", flush=True)

    alive = proc.poll() is None
    after = summarize(asyncio.run(health_checks(port, path, 5, 0.5))) if alive else None
    answers = alive and after["ok"] == after["n"]
    rc = None
    stop_s = float("nan")
    if alive:
        t_stop = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        try:
            rc = proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            rc = "no exit 30 s after SIGTERM (killed)"
        stop_s = time.monotonic() - t_stop
    else:
        rc = proc.returncode
    print(f"after   alive {alive}  answers {answers}  exit on SIGTERM {rc} "
          f"(in {stop_s:.1f} s)  total {time.monotonic() - t0:.0f} s", flush=True)
    ratio = hurt["p99_ms"] / quiet["p99_ms"] if quiet["p99_ms"] > 0 else float("nan")
    print(f"health p99 under attack: {hurt['p99_ms']:.1f} ms, {ratio:.1f}x the quiet peer's "
          f"{quiet['p99_ms']:.1f} ms (limit {a.p99_ms:g} ms)")

    problems = []
    if hurt["p99_ms"] >= a.p99_ms:
        problems.append(f"p99 {hurt['p99_ms']:.1f} ms >= {a.p99_ms:g} ms")
    if hurt["failed"] or hurt["timeouts"]:
        problems.append(f"{hurt['failed']} failed, {hurt['timeouts']} timed out")
    if not alive:
        problems.append(f"server died (status {rc})")
    elif not answers:
        problems.append("server does not answer after the attack")
    if alive and rc != 0:
        problems.append(f"exit status on SIGTERM: {rc}")
    if problems:
        print(f"FAIL {kind}: " + "; ".join(problems))
        if not alive:
            print("".join(log[-20:]))
    else:
        print(f"PASS {kind}")
    return not problems


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--build", default="build", help="build directory holding gpufleet")
    p.add_argument("--server", default="both", choices=["serve", "export", "both"])
    p.add_argument("--slow", type=int, default=200, help="slow clients (default 200)")
    p.add_argument("--heavy", type=int, default=None,
                   help="heavy clients (default 6 for serve, 16 for export)")
    p.add_argument("--health", type=int, default=1000, help="health checks (default 1000)")
    p.add_argument("--spread", type=float, default=10.0, help="seconds the checks spread over")
    p.add_argument("--p99-ms", type=float, default=100.0, help="fail at or above this p99")
    p.add_argument("--role", default="main", choices=["main", "attack"], help=argparse.SUPPRESS)
    p.add_argument("--port", type=int, help=argparse.SUPPRESS)
    p.add_argument("--attack-s", type=float, default=16.0, help=argparse.SUPPRESS)
    a = p.parse_args()
    # Bounds: a run is at most a few hundred connections and about a minute per server.
    for name, v, hi in [("slow", a.slow, 1000), ("health", a.health, 10000),
                        ("heavy", a.heavy or 0, 64), ("spread", a.spread, 30),
                        ("attack-s", a.attack_s, 60)]:
        if not 0 <= v <= hi:
            p.error(f"--{name} must be in 0..{hi}")
    if a.role == "attack":
        signal.alarm(int(a.attack_s) + 20)  # the attacker never outlives its window by much
        stats = asyncio.run(attack(a.port, a.server, a.slow, a.heavy, a.attack_s))
        print(json.dumps(stats), flush=True)
        return 0
    kinds = ["serve", "export"] if a.server == "both" else [a.server]
    results = [run_server(a, k) for k in kinds]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
