"""make bench: the cost of gpufleet.fleet(...) from Python against the C++ call behind it, in one
process and one run (goal: <= 20 us of overhead per call, issue 15).

The C++ call is the API handler Python calls (serve::FleetJson: catalog ids -> inputs -> the
model -> the result document), timed in C++ by gpufleet._time_fleet_cpp over the same request.
The Python call adds: keyword arguments -> the request, the GIL released and retaken, and the
Result wrapper. The difference of the two timings carries the noise of timing the model twice,
so the overhead is also measured directly: that glue alone in C++ (_time_fleet_glue) plus a
bound call with the same keywords that does nothing (_noop). Reading figures out of a Result is
timed separately (it is per figure read).
Usage: PYTHONPATH=build/python python3 bench/python_fleet.py"""
import sys
import timeit

import gpufleet

KW = dict(gpu="h100-sxm", count=350_000, hours=8760, site="meta-fleet")


def best_us(fn, number, repeat=7):
    return min(timeit.repeat(fn, number=number, repeat=repeat)) / number * 1e6


def main():
    gpufleet.fleet(**KW)  # warm: the embedded catalog is parsed once
    one = timeit.timeit(lambda: gpufleet.fleet(**KW), number=5) / 5
    n = max(10, int(0.2 / one))  # about 0.2 s per repeat, whatever the build's speed
    cpp = min(gpufleet._time_fleet_cpp(n, **KW) for _ in range(7)) * 1e6
    py = best_us(lambda: gpufleet.fleet(**KW), n)
    glue = min(gpufleet._time_fleet_glue(200, **KW) for _ in range(7)) * 1e6
    call = best_us(lambda: gpufleet._noop(**KW), 20000)
    r = gpufleet.fleet(**KW)
    read = best_us(lambda: float(r["energy_facility_kwh"]), 20000)
    to_dict = best_us(r.to_dict, 200)
    print(f"gpufleet.fleet(**{KW}), best of 7 x {n} calls")
    print(f"  C++ call (serve::FleetJson)     {cpp:9.2f} us")
    print(f"  Python call (gpufleet.fleet)    {py:9.2f} us")
    print(f"  difference                      {py - cpp:9.2f} us   (noisy: two timings of the model)")
    print(f"  overhead measured directly      {glue + call:9.2f} us   (goal <= 20 us): keywords ->"
          f" request, GIL, Result {glue:.2f} us + the call itself {call:.2f} us")
    print(f"  float(result['energy_facility_kwh'])  {read:6.2f} us per figure read")
    print(f"  result.to_dict()                {to_dict:9.2f} us (whole document to Python)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
