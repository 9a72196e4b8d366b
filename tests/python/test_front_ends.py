"""The same inputs give the same Figures through Python, the CLI (--format json) and the API.

Python calls the HTTP API's handlers (tests/front_ends_agree_test.cc shows the API and the CLI
agree); here Python's documents are compared with the CLI's for the same inputs, including
inputs both refuse (the same error, spelt for each front end)."""
import random

import pytest

import gpufleet


def flags(command, kw):
    spelt = {r["name"]: r["flag"] for r in gpufleet.inputs(command)}
    args = [command]
    for name, value in kw.items():
        if isinstance(value, tuple):
            value = "..".join(str(v) for v in value)
        args += [spelt[name], str(value)]
    return args


def without_sources(inputs):
    return {k: ({kk: vv for kk, vv in v.items() if kk != "source"} if isinstance(v, dict) else v)
            for k, v in inputs.items()}


def same(cli, command, kw, keys):
    status, doc, err = cli(flags(command, kw))
    try:
        py = getattr(gpufleet, command)(**kw).to_dict()
    except gpufleet.InputError as e:
        assert status == 2, (kw, err)
        # The same complaint: the CLI names the flag, Python the keyword.
        flag = {r["name"]: r["flag"] for r in gpufleet.inputs(command)}.get(e.field, e.field)
        assert flag in err, (kw, str(e), err)
        first_words = " ".join(e.detail.split()[:3])
        assert first_words in err, (kw, str(e), err)
        return "error"
    assert status == 0, (kw, err)
    for k in keys:
        if k == "inputs":
            assert without_sources(py[k]) == without_sources(doc[k]), (kw, k)
        else:
            assert py[k] == doc[k], (kw, k)
    return "same"


def test_fleet_agrees_with_cli(cli):
    rng = random.Random(20261202)
    outcomes = set()
    for _ in range(12):
        kw = {"gpu": rng.choice(["h100-sxm", "h100-pcie", "a100-sxm", "b200", "mi300x"]),
              "count": rng.choice([1, 8, 1000, (300000, 350000), 600000, 0, -5])}
        for name, choices in (("site", ["meta-fleet", "italy", "us-average"]),
                              ("system", ["dgx-h100"]), ("load", [(0.3, 0.9), 1, 1.5]),
                              ("pue", [1.1, (1.05, 1.4), 0.9]), ("hours", [8760, 24])):
            if rng.random() < 0.5:
                kw[name] = rng.choice(choices)
        outcomes.add(same(cli, "fleet", kw, ["inputs", "results", "sections", "comparisons"]))
    assert outcomes == {"same", "error"}


def test_issue_example_agrees_with_cli(cli):
    kw = dict(gpu="h100-sxm", count=350_000, hours=8760, site="meta-fleet")
    assert same(cli, "fleet", kw, ["inputs", "results", "sections", "comparisons"]) == "same"


def test_padded_ids_read_as_the_ids(cli):
    # Ids are trimmed of spaces and tabs on every front end: gpufleet.fleet(gpu=" h100-sxm ") was
    # "unknown gpu" where a query string's value was trimmed (found by an adversarial tester).
    plain = dict(gpu="h100-sxm", site="italy", system="dgx-h100", count=8)
    padded = dict(plain, gpu=" h100-sxm\t", site="\titaly ", system=" dgx-h100 ")
    a, b = gpufleet.fleet(**plain).to_dict(), gpufleet.fleet(**padded).to_dict()
    assert without_sources(a["inputs"]) == without_sources(b["inputs"])
    assert a["results"] == b["results"]
    assert same(cli, "fleet", padded, ["inputs", "results"]) == "same"
    kw = dict(model=" llama-3.1-8b ", gpu="h100-sxm ", count=1000)
    assert gpufleet.infer(**kw).to_dict()["results"] == gpufleet.infer(
        model="llama-3.1-8b", gpu="h100-sxm", count=1000).to_dict()["results"]


def test_train_agrees_with_cli(cli):
    for kw in (dict(count=1024, replicas=20, seed=1),
               dict(count=16384, replicas=20, seed=2, mfu=(0.38, 0.43), checkpoint_write_s=120),
               dict(count=4096, replicas=10, seed=3, params="70e9", tokens="1T")):
        assert same(cli, "train", kw,
                    ["training", "reliability", "simulation", "fleet", "warnings"]) == "same"
    assert same(cli, "train", dict(count=0, replicas=10), ["training"]) == "error"
    # Both refuse an incomplete work spec, with the same words.
    assert same(cli, "train", dict(count=64, replicas=2, params="70e9"), ["training"]) == "error"


def test_infer_agrees_with_cli(cli):
    rng = random.Random(13)
    for _ in range(16):
        kw = {"model": rng.choice(["llama-3.1-8b", "llama-3.1-70b", "qwen3-30b-a3b",
                                   "gpt-oss-120b"]),
              "gpu": rng.choice(["h100-sxm", "h200", "b200", "mi300x"])}
        for name, choices in (("precision", ["bf16", "fp8", "fp4"]), ("batch", ["auto", 1, 32]),
                              ("kv_precision", ["bf16", "fp8"]), ("moe_parallel", ["ep", "tp"]),
                              ("gpus_per_replica", [1, 2]),
                              ("input_tokens", [500, (200, 2000)]), ("site", ["us-average"])):
            if rng.random() < 0.5:
                kw[name] = rng.choice(choices)
        same(cli, "infer", kw, ["inputs", "results", "sections"])


def test_sweep_agrees_with_cli(cli):
    status, doc, err = cli(["sweep", "--over", "count", "--from", "1000", "--to", "100000",
                            "--points", "3", "--replicas", "40"])
    assert status == 0, err
    py = gpufleet.sweep(from_=1000, to=100000, points=3, replicas=40).to_dict()
    assert py["rows"] == doc["rows"]


def test_fit_agrees_with_cli(cli):
    rng = random.Random(17)
    for _ in range(6):
        kw = {"count": rng.choice([992, 16384, 384]),
              "window_d": rng.choice([56, 54, "117d"]),
              "interruptions": rng.choice([54, 419, 0, -1]),
              "effective": rng.choice([0.59, (0.55, 0.63), 0.9, 1.5])}
        if rng.random() < 0.5:
            kw["restart_s"] = rng.choice(["2h", "10m"])
        same(cli, "fit", kw, ["inputs", "results", "sections"])


def test_defaults_are_the_clis():
    """Python took the HTTP server's smaller defaults (train 200 replicas, sweep 100 replicas from
    1,024 GPUs over 9 points) while inputs() listed the CLI's: found by an adversarial tester."""
    defaults = {c: {r["name"]: r["default"] for r in gpufleet.inputs(c)} for c in ("train", "sweep")}
    assert defaults["train"]["replicas"] == "1000"
    assert defaults["sweep"]["replicas"] == "200"
    doc = gpufleet.sweep(to=2000, points=2).to_dict()  # from 1000 by default, as the CLI
    assert [row["gpus"] for row in doc["rows"]] == [1000, 2000]


def test_sweep_defaults_agree_with_cli(cli):
    status, doc, err = cli(["sweep", "--over", "count", "--to", "2000", "--points", "2"])
    assert status == 0, err
    py = gpufleet.sweep(to=2000, points=2).to_dict()
    assert py["rows"] == doc["rows"]


def test_to_dict_is_the_clis_document_plus_the_documented_extras(cli):
    """docs/python.md: to_dict() is the CLI's JSON document plus what the API adds: the fleet's
    scenario, breakdowns and sources, the training run's histogram and timeline (the docs named
    the fleet's only; found by an adversarial tester)."""
    extras = {"fleet": {"scenario", "breakdowns", "sources"}, "train": {"histogram", "timeline"},
              "infer": set(), "fit": set()}
    calls = {"fleet": dict(gpu="h100-sxm", count=8), "train": dict(count=1024, replicas=5),
             "infer": dict(model="llama-3.1-8b", gpu="h100-sxm"),
             "fit": dict(count=16384, window_d=54, interruptions=419, effective=0.59)}
    for command, kw in calls.items():
        status, doc, err = cli(flags(command, kw))
        assert status == 0, (command, err)
        py = getattr(gpufleet, command)(**kw).to_dict()
        assert set(doc) <= set(py), command
        assert set(py) - set(doc) == extras[command], command
