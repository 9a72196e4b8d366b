# Generated the first version of the *.toml files in this directory (python3 generate.py). The
# TOML files are the source of truth now: they carry the known_failure markers, so edit them
# directly; rerunning this script would drop the markers.
import json, os
OUT = os.path.dirname(os.path.abspath(__file__))
files = {}
names = set()

def q(s):
    s = json.dumps(s, ensure_ascii=False)
    return s.replace("\x7f", "\\u007f")

def val(v):
    if isinstance(v, bool): return "true" if v else "false"
    if isinstance(v, int): return str(v)
    if isinstance(v, list): return "[" + ", ".join(val(x) for x in v) + "]"
    return q(v)

def add(fname, name, kind, **kw):
    name = "".join(ch if ch.isalnum() else "_" for ch in name)
    base = name; i = 2
    while name in names:
        name = f"{base}_{i}"; i += 1
    names.add(name)
    lines = ["[[case]]", f"name = {q(name)}", f"kind = {q(kind)}"]
    for k, v in kw.items():
        if v is None: continue
        lines.append(f"{k} = {val(v)}")
    files.setdefault(fname, []).append("\n".join(lines))

def cli(fname, name, args, expect="error", **kw):
    add(fname, name, "cli", args=args, expect=expect, **kw)

# ---------------------------------------------------------------- numbers: fleet flags
BAD_NUM = [("neg", "-5"), ("nan", "nan"), ("NaN", "NaN"), ("inf", "inf"), ("neginf", "-inf"),
           ("empty", ""), ("space", " "), ("fullwidth", "５"), ("arabic", "٥"), ("junk", "5abc"),
           ("reversed", "5..2"), ("e999", "1e999"), ("dots", ".."), ("openlo", "..5"), ("openhi", "5.."),
           ("fourpart", "1..2..3..4"), ("word", "five"), ("nul_like", "5\u0000"), ("ctrl", "5\x1b[2J")]
EDGE_NUM = [("zero", "0"), ("e308", "1e308"), ("e_308", "1e-308"), ("hex", "0x10"), ("padded", " 5 "),
            ("plus", "+5"), ("negzero", "-0"), ("grouped", "1,000"), ("suffix_k", "2k")]
FLEET_FLAGS = ["--count", "--hours", "--load", "--gpu-power-w", "--pue", "--mfu", "--lifetime-years",
               "--gpus-per-node", "--nodes-per-rack", "--price-per-kwh", "--grid-kg-per-kwh", "--gpu-tdp-w"]
for flag in FLEET_FLAGS:
    vals = BAD_NUM if flag in ("--count", "--pue", "--load") else BAD_NUM[:12]
    for tag, v in vals:
        if "\x00" in v: continue
        cli("fleet_numbers.toml", f"fleet{flag.replace('-', '_')}_{tag}", ["fleet", flag, v], names=flag)
    for tag, v in EDGE_NUM[:6]:
        cli("fleet_numbers.toml", f"fleet{flag.replace('-', '_')}_{tag}", ["fleet", flag, v], expect="either")
# fleet misc
cli("fleet_numbers.toml", "fleet_gpu_unknown", ["fleet", "--gpu", "nosuchgpu"], names="gpu")
cli("fleet_numbers.toml", "fleet_gpu_empty", ["fleet", "--gpu", ""], names="gpu")
cli("fleet_numbers.toml", "fleet_site_unknown", ["fleet", "--site", "mars"], names="site")
cli("fleet_numbers.toml", "fleet_system_unknown", ["fleet", "--system", "cray"], names="system")
cli("fleet_numbers.toml", "fleet_format_bad", ["fleet", "--format", "xml"], names="--format")
cli("fleet_numbers.toml", "fleet_unknown_flag", ["fleet", "--bogus", "1"], names="--bogus")
cli("fleet_numbers.toml", "fleet_flag_no_value", ["fleet", "--count"], names="--count")
cli("fleet_numbers.toml", "fleet_flag_twice", ["fleet", "--count", "1", "--count", "2"], expect="either")
cli("fleet_numbers.toml", "fleet_count_huge_range", ["fleet", "--count", "1..1e300"], expect="either")
cli("fleet_numbers.toml", "fleet_count_1e17", ["fleet", "--count", "100000000000000000", "--format", "json"], expect="either")
cli("fleet_numbers.toml", "fleet_ok_json", ["fleet", "--count", "1", "--format", "json"], expect="ok", json=True)
cli("fleet_numbers.toml", "fleet_ok_all_zero_load", ["fleet", "--count", "1", "--load", "0", "--format", "json"], expect="ok", json=True)
cli("fleet_numbers.toml", "fleet_ok_md", ["fleet", "--site", "meta-fleet", "--format", "md"], expect="ok")
cli("fleet_numbers.toml", "fleet_load_above_one", ["fleet", "--load", "1.5"], names="--load")
cli("fleet_numbers.toml", "fleet_pue_below_one", ["fleet", "--pue", "0.5"], names="--pue")
cli("fleet_numbers.toml", "fleet_mfu_above_one", ["fleet", "--mfu", "2"], names="--mfu")
cli("fleet_numbers.toml", "fleet_catalog_missing_dir", ["fleet", "--catalog", "/nonexistent/dir"], names="/nonexistent/dir")
cli("fleet_numbers.toml", "fleet_positional_junk", ["fleet", "extra"], names="extra")
cli("fleet_numbers.toml", "top_unknown_subcommand", ["frobnicate"], names="frobnicate")
cli("fleet_numbers.toml", "top_no_subcommand_flag", ["--count", "5"])

# ---------------------------------------------------------------- train / sweep durations & numbers
T = ["train", "--replicas", "5", "--threads", "1"]
DUR_BAD = [("neg", "-1s"), ("nan", "nans"), ("inf", "infs"), ("e999", "1e999s"), ("badunit", "30x"),
           ("unitonly", "s"), ("empty", ""), ("junk", "30s!"), ("reversed", "5m..2m"), ("fullwidth", "３０s"),
           ("two_units", "30sm")]
DUR_EDGE = [("tiny", "1e-50s"), ("ns", "1ns"), ("ms", "30ms"), ("min", "30m"), ("h", "2h"), ("d", "1d"),
            ("w", "1w"), ("y", "1y"), ("nounit", "30"), ("spaced", "30 s"), ("huge", "1e30h"), ("zero", "0")]
for flag in ["--checkpoint-write", "--checkpoint-interval", "--restart", "--repair", "--maintenance", "--horizon"]:
    for tag, v in DUR_BAD:
        cli("train_durations.toml", f"train{flag.replace('-', '_')}_{tag}", T + [flag, v], names=flag)
    for tag, v in DUR_EDGE:
        if flag == "--repair": extra = ["--spares", "2"]
        else: extra = []
        cli("train_durations.toml", f"train{flag.replace('-', '_')}_{tag}", T + extra + [flag, v], expect="either", timeout_s=15)
for flag in ["--params", "--tokens", "--flops", "--gpu-hours", "--count", "--mfu", "--checkpoint-size-gb", "--storage-gb-per-s"]:
    for tag, v in BAD_NUM[:12]:
        cli("train_numbers.toml", f"train{flag.replace('-', '_')}_{tag}", T + [flag, v], names=flag)
    for tag, v in [("zero", "0"), ("e308", "1e308"), ("e_308", "1e-308"), ("hex", "0x10")]:
        cli("train_numbers.toml", f"train{flag.replace('-', '_')}_{tag}", T + [flag, v], expect="either", timeout_s=15)
for tag, v in [("zero", "0"), ("neg", "-1"), ("over", "100000001"), ("junk", "10x"), ("float", "2.5"), ("empty", "")]:
    cli("train_numbers.toml", f"train_replicas_{tag}", ["train", "--replicas", v], names="--replicas")
for tag, v in [("neg", "-1"), ("big", "18446744073709551616"), ("junk", "x")]:
    cli("train_numbers.toml", f"train_seed_{tag}", T + ["--seed", v], names="--seed")
for tag, v in [("neg", "-2"), ("junk", "x"), ("huge", "99999999999999999999")]:
    cli("train_numbers.toml", f"train_spares_{tag}", T + ["--spares", v], names="--spares")
cli("train_numbers.toml", "train_threads_many", ["train", "--replicas", "2", "--threads", "100000"], expect="either", timeout_s=15)
cli("train_numbers.toml", "train_threads_neg", T[:3] + ["--threads", "-1"], names="--threads")
cli("train_numbers.toml", "train_failure_model_unknown", T + ["--failure-model", "nosuch"], names="nosuch")
cli("train_numbers.toml", "train_failure_model_dir", T + ["--failure-model", "/tmp"], names="/tmp")
cli("train_numbers.toml", "train_gpu_unknown", T + ["--gpu", "zzz"], names="gpu")
cli("train_numbers.toml", "train_site_unknown", T + ["--site", "zzz"], names="site")
cli("train_numbers.toml", "train_flops_and_params", T + ["--flops", "1e25", "--params", "1e9", "--tokens", "1e12"], expect="either")
cli("train_numbers.toml", "train_mfu_three_reversed", T + ["--mfu", "0.5..0.4..0.3"], names="--mfu")
cli("train_numbers.toml", "train_mfu_above_one", T + ["--mfu", "1.5"], names="--mfu")
cli("train_numbers.toml", "train_ok_json", T + ["--format", "json"], expect="ok", json=True)
cli("train_numbers.toml", "train_ok_small", ["train", "--replicas", "3", "--count", "8", "--params", "1e9", "--tokens", "1e10", "--format", "json"], expect="ok", json=True)
cli("train_numbers.toml", "train_ok_horizon_short", T + ["--horizon", "1h", "--format", "json"], expect="ok", json=True)
cli("train_numbers.toml", "train_count_one", T + ["--count", "1", "--params", "1e9", "--tokens", "1e9"], expect="either")
cli("train_numbers.toml", "train_params_1e30", T + ["--params", "1e30"], expect="either", timeout_s=15)

S = ["sweep", "--replicas", "3", "--threads", "1"]
for tag, v in [("neg", "-5"), ("nan", "nan"), ("zero", "0"), ("junk", "1k!"), ("empty", ""), ("inf", "inf")]:
    cli("sweep.toml", f"sweep_from_{tag}", S + ["--from", v, "--points", "2"], names="--from")
    cli("sweep.toml", f"sweep_to_{tag}", S + ["--to", v, "--points", "2"], names="--to")
for tag, v in [("zero", "0"), ("neg", "-1"), ("over", "201"), ("junk", "3x"), ("float", "2.5")]:
    cli("sweep.toml", f"sweep_points_{tag}", S + ["--points", v], names="--points")
cli("sweep.toml", "sweep_reversed", S + ["--from", "5000", "--to", "2000", "--points", "2"], expect="either")
cli("sweep.toml", "sweep_over_bad", S + ["--over", "price"], names="--over")
cli("sweep.toml", "sweep_interval_from_bad", S + ["--over", "checkpoint-interval", "--from", "5x", "--points", "2"], names="--from")
cli("sweep.toml", "sweep_interval_from_tiny", S + ["--over", "checkpoint-interval", "--from", "1e-50s", "--to", "1m", "--points", "2"], expect="either")
cli("sweep.toml", "sweep_interval_to_neg", S + ["--over", "checkpoint-interval", "--to", "-1h", "--points", "2"], names="--to")
cli("sweep.toml", "sweep_from_equals_to", S + ["--from", "1000", "--to", "1000", "--points", "3"], expect="either")
cli("sweep.toml", "sweep_format_bad", S + ["--format", "xml"], names="--format")
cli("sweep.toml", "sweep_ok_csv", S + ["--from", "1000", "--to", "4000", "--points", "2", "--format", "csv"], expect="ok")
cli("sweep.toml", "sweep_ok_json", S + ["--from", "1000", "--to", "4000", "--points", "2", "--format", "json"], expect="ok", json=True)
cli("sweep.toml", "sweep_to_huge", S + ["--to", "1e15", "--points", "2"], expect="either", timeout_s=15)
cli("sweep.toml", "sweep_checkpoint_write_tiny", S + ["--points", "1", "--checkpoint-write", "1e-50s"], expect="either")

# ---------------------------------------------------------------- catalog / check / report CLI
cli("misc_cli.toml", "catalog_kind_bad", ["catalog", "gpuz"], names="gpuz")
cli("misc_cli.toml", "catalog_confidence_bad", ["catalog", "--confidence", "maybe"], names="--confidence")
cli("misc_cli.toml", "catalog_format_bad", ["catalog", "--format", "yaml"], names="--format")
cli("misc_cli.toml", "catalog_two_kinds", ["catalog", "gpus", "sites"], expect="error")
cli("misc_cli.toml", "catalog_ok_json", ["catalog", "--format", "json"], expect="ok", json=True)
cli("misc_cli.toml", "catalog_ok_failure_models", ["catalog", "failure-models", "--sources"], expect="ok")
cli("misc_cli.toml", "catalog_catalog_is_file", ["catalog", "--catalog", "/etc/hostname"], names="/etc/hostname")
cli("misc_cli.toml", "catalog_catalog_empty_string", ["catalog", "--catalog", ""], expect="either")
cli("misc_cli.toml", "check_missing_file", ["check", "/nonexistent/claims.toml"], names="/nonexistent/claims.toml")
cli("misc_cli.toml", "check_extract_missing", ["check", "--extract", "/nonexistent.txt"], names="/nonexistent.txt")
cli("misc_cli.toml", "check_numbers_bad", ["check", "--extract", "/etc/hostname", "--numbers", "fr"], names="--numbers")
cli("misc_cli.toml", "check_extract_and_claims", ["check", "--extract", "/etc/hostname", "/etc/hostname"], expect="error")
cli("misc_cli.toml", "check_dev_null_claims", ["check", "/dev/null"], names="/dev/null")
cli("misc_cli.toml", "check_extract_dev_zero", ["check", "--extract", "/dev/zero"], names="/dev/zero", timeout_s=8)
cli("misc_cli.toml", "report_missing_file", ["report", "/nonexistent.toml"], names="/nonexistent.toml")
cli("misc_cli.toml", "report_dev_zero", ["report", "/dev/zero"], names="/dev/zero", timeout_s=8)
cli("misc_cli.toml", "report_dev_stdin_dash", ["report", "-"], expect="either", stdin="title = \"x\"\n")
cli("misc_cli.toml", "report_directory", ["report", "/tmp"], names="/tmp")
cli("misc_cli.toml", "report_format_bad", ["report", "--format", "pdf"], names="--format")
# stdout errors
cli("misc_cli.toml", "fleet_stdout_devfull", ["fleet"], stdout="devfull")
cli("misc_cli.toml", "catalog_stdout_devfull", ["catalog", "--sources"], stdout="devfull")
cli("misc_cli.toml", "fleet_stdout_closed", ["fleet"], stdout="closed")
cli("misc_cli.toml", "check_stdout_devfull", ["check", "--format", "json"], stdout="devfull")
cli("misc_cli.toml", "train_stdout_devfull", T + ["--format", "json"], stdout="devfull")

# ---------------------------------------------------------------- measure / export / serve / burn / nvml-probe
M = ["measure", "-o", "-"]
cli("measure_serve.toml", "measure_ok_true", M + ["--", "true"], expect="ok")
cli("measure_serve.toml", "measure_ok_sleep0_json", ["measure", "--format", "json", "-o", "-", "--", "sleep", "0"], expect="ok", json=True)
cli("measure_serve.toml", "measure_no_command", ["measure"], expect="error")
for tag, v in [("neg", "-1"), ("junk", "a"), ("empty", ""), ("comma", ","), ("huge", "99999999999"), ("range", "0..3")]:
    cli("measure_serve.toml", f"measure_gpus_{tag}", M + ["--gpus", v, "--", "true"], names="--gpus")
cli("measure_serve.toml", "measure_gpus_dup", M + ["--gpus", "0,0,0", "--", "true"], expect="error", names="--gpus")
for flag in ["--interval", "--stall-timeout"]:
    for tag, v in [("zero", "0"), ("neg", "-1s"), ("nan", "nans"), ("tiny", "1e-50s"), ("badunit", "5q"), ("e999", "1e999s"), ("empty", "")]:
        cli("measure_serve.toml", f"measure{flag.replace('-', '_')}_{tag}", M + [flag, v, "--", "true"], names=flag)
for tag, v in [("neg", "-5"), ("nan", "nan"), ("zero", "0"), ("junk", "3k!")]:
    cli("measure_serve.toml", f"measure_project_to_{tag}", M + ["--project-to", v, "--", "true"], expect="either" if tag == "zero" else "error", names="--project-to")
cli("measure_serve.toml", "measure_pue_below_one", M + ["--pue", "0.5", "--", "true"], names="--pue")
cli("measure_serve.toml", "measure_pue_nan", M + ["--pue", "nan", "--", "true"], names="--pue")
cli("measure_serve.toml", "measure_price_neg", M + ["--price-per-kwh", "-1", "--", "true"], names="--price-per-kwh")
cli("measure_serve.toml", "measure_site_unknown", M + ["--site", "atlantis", "--", "true"], names="site")
cli("measure_serve.toml", "measure_site_none_ok", M + ["--site", "none", "--", "true"], expect="ok")
cli("measure_serve.toml", "measure_nvml_lib_missing_ok", M + ["--nvml-lib", "/nonexistent/libnvml.so", "--", "true"], expect="ok")
cli("measure_serve.toml", "measure_powercap_missing_ok", M + ["--powercap-root", "/nonexistent", "--", "true"], expect="ok")
cli("measure_serve.toml", "measure_no_gpu_no_cpu", M + ["--no-gpu", "--no-cpu", "--", "true"], expect="either")
cli("measure_serve.toml", "measure_output_dir", ["measure", "-o", "{DIR}", "--", "touch", "{DIR}/ran"], names="{DIR}")
cli("measure_serve.toml", "measure_output_missing_dir", ["measure", "-o", "{DIR}/no/x.json", "--", "touch", "{DIR}/ran"], names="{DIR}/no/x.json")
cli("measure_serve.toml", "measure_format_bad", ["measure", "--format", "csv", "--", "true"], names="--format")
LISTEN_BAD = [("empty", ""), ("word", "abc"), ("port_big", "127.0.0.1:99999"), ("port_neg", "127.0.0.1:-1"),
              ("no_port", "127.0.0.1:"), ("no_host", ":0"), ("v6_open", "[::1"), ("five_octets", "1.2.3.4.5:80"),
              ("port_65536", "localhost:65536"), ("port_hex", "127.0.0.1:0x50"), ("trailing_space", "127.0.0.1:0 "),
              ("octet_256", "256.0.0.1:80"), ("hostname", "example.invalid:80"), ("three_parts", "127.0.0.1:80:1"),
              ("port_junk", "127.0.0.1:8o80"), ("port_fullwidth", "127.0.0.1:８０")]
for tag, v in LISTEN_BAD:
    cli("measure_serve.toml", f"serve_listen_{tag}", ["serve", "--listen", v], names="--listen", timeout_s=5)
for tag, v in LISTEN_BAD[:10]:
    cli("measure_serve.toml", f"export_listen_{tag}", ["export", "--no-gpu", "--no-cpu", "--listen", v], names="--listen", timeout_s=5)
for tag, v in [("zero", "0"), ("neg", "-1"), ("over", "1025"), ("junk", "x"), ("float", "1.5")]:
    cli("measure_serve.toml", f"serve_threads_{tag}", ["serve", "--listen", "127.0.0.1:0", "--threads", v], names="--threads", timeout_s=5)
cli("measure_serve.toml", "serve_catalog_missing", ["serve", "--listen", "127.0.0.1:0", "--catalog", "/nonexistent"], names="/nonexistent", timeout_s=5)
for tag, v in [("zero", "0"), ("neg", "-1s"), ("nan", "nan"), ("tiny", "1e-50s"), ("junk", "1q")]:
    cli("measure_serve.toml", f"export_interval_{tag}", ["export", "--no-gpu", "--no-cpu", "--listen", "127.0.0.1:0", "--interval", v], names="--interval", timeout_s=5)
cli("measure_serve.toml", "export_site_unknown", ["export", "--listen", "127.0.0.1:0", "--site", "atlantis"], names="--site", timeout_s=5)
for flag, vals in [("--seconds", [("neg", "-1"), ("nan", "nan"), ("zero", "0"), ("inf", "inf")]),
                   ("--size", [("zero", "0"), ("neg", "-8"), ("huge", "1e9"), ("junk", "8k!")]),
                   ("--dtype", [("int8", "int8"), ("empty", "")]),
                   ("--device", [("neg", "-1"), ("junk", "x")]),
                   ("--warmup", [("neg", "-1"), ("nan", "nan")]),
                   ("--format", [("xml", "xml")])]:
    for tag, v in vals:
        cli("measure_serve.toml", f"burn{flag.replace('-', '_')}_{tag}", ["burn", flag, v], names=flag)
for tag, v in [("neg", "-1"), ("junk", "x"), ("empty", "")]:
    cli("measure_serve.toml", f"nvml_probe_gpus_{tag}", ["nvml-probe", "--gpus", v], names="--gpus")
cli("measure_serve.toml", "nvml_probe_format_bad", ["nvml-probe", "--format", "xml"], names="--format")

# ---------------------------------------------------------------- files
def fcase(name, args, file=None, file_hex=None, special=None, expect="error", names=None, **kw):
    add("files.toml", name, "file", args=args, expect=expect, file=file, file_hex=file_hex, special=special,
        names=names, **kw)

SCEN_OK = 'title = "t"\n[defaults]\ngpu = "h100-sxm"\nhours = 1\n[[fleet]]\nname = "a"\ncount = 8\n'
CLAIMS_OK = ('title = "t"\n[scenario]\ngpu = "h100-sxm"\ncount = 1\nhours = 8760\n[[claim]]\nid = "a"\n'
             'words = "one H100 draws 700 W"\nquantity = "gpu_avg_power_w"\nvalue = 700\nunit = "W"\n')
for cmd, okbody in [("report", SCEN_OK), ("check", CLAIMS_OK)]:
    base = [cmd, "{FILE}"]
    fcase(f"{cmd}_file_fifo", base, special="fifo", names="{FILE}", timeout_s=5)
    fcase(f"{cmd}_file_dir", base, special="dir", names="{FILE}")
    fcase(f"{cmd}_file_empty", base, special="empty", names="{FILE}")
    fcase(f"{cmd}_file_loop", base, special="loop", names="{FILE}")
    fcase(f"{cmd}_file_missing", base, special="missing", names="{FILE}")
    fcase(f"{cmd}_file_unreadable", base, file=okbody, special="unreadable", names="{FILE}")
    fcase(f"{cmd}_file_symlink_ok", base, file=okbody, special="symlink", expect="ok")
    fcase(f"{cmd}_file_ok_json", base + ["--format", "json"], file=okbody, expect="ok", json=True)
    fcase(f"{cmd}_file_binary", base, file_hex="00 ff fe 01 02 7f 80 c3 28 0a", names="{FILE}")
    fcase(f"{cmd}_file_nul_in_string", base, file_hex="74 69 74 6c 65 20 3d 20 22 61 00 62 22 0a", names="{FILE}")
    fcase(f"{cmd}_file_bom", base, file_hex="ef bb bf" + okbody.encode().hex(), expect="either")
    fcase(f"{cmd}_file_utf16", base, file_hex="ff fe" + okbody.encode("utf-16-le").hex(), names="{FILE}")
    fcase(f"{cmd}_file_malformed", base, file="title = \n[[fleet\n", names="{FILE}")
    fcase(f"{cmd}_file_unclosed_string", base, file='title = "abc\n', names="{FILE}")
    fcase(f"{cmd}_file_deep_nesting", base, file="x = " + "[" * 5000 + "]" * 5000 + "\n", names="{FILE}")
    fcase(f"{cmd}_file_deep_tables", base, file="x = " + "{a = " * 3000 + "1" + "}" * 3000 + "\n", names="{FILE}")
    fcase(f"{cmd}_file_10mb_comment", base, file="# " + "x" * 1022 + "\n", file_repeat=10240, names="{FILE}", timeout_s=15)
    fcase(f"{cmd}_file_10mb_garbage", base, file="\u00e9\u00e9\u00e9\u00e9 = = = ]]] [[[\n", file_repeat=600000, names="{FILE}", timeout_s=15)
    fcase(f"{cmd}_file_title_int", base, file=okbody.replace('title = "t"', "title = 5"), names="title")
    fcase(f"{cmd}_file_ctrl_chars", base, file=okbody.replace('title = "t"', 'title = "\\u001b]0;pwned\\u0007\\u001b[2J"') + "bogus_key = 1\n", expect="either")
    fcase(f"{cmd}_file_unknown_top_key", base, file=okbody + "zzz = 1\n", names="zzz")

# scenario specifics
SC = lambda extra: 'title = "t"\n[defaults]\ngpu = "h100-sxm"\nhours = 1\n' + extra
for tag, body, nm in [
    ("no_fleets", "", None),
    ("count_string_junk", '[[fleet]]\nname = "a"\ncount = "lots"\n', "count"),
    ("count_negative", '[[fleet]]\nname = "a"\ncount = -8\n', "count"),
    ("count_zero", '[[fleet]]\nname = "a"\ncount = 0\n', "count"),
    ("count_float", '[[fleet]]\nname = "a"\ncount = 8.5\n', None),
    ("count_1e17", '[[fleet]]\nname = "a"\ncount = 100000000000000000\n', None),
    ("count_int64_max", '[[fleet]]\nname = "a"\ncount = 9223372036854775807\n', None),
    ("count_nan", '[[fleet]]\nname = "a"\ncount = nan\n', "count"),
    ("count_inf", '[[fleet]]\nname = "a"\ncount = inf\n', "count"),
    ("count_bool", '[[fleet]]\nname = "a"\ncount = true\n', "count"),
    ("count_array", '[[fleet]]\nname = "a"\ncount = [1, 2]\n', "count"),
    ("count_table", '[[fleet]]\nname = "a"\ncount = { value = 1 }\n', "count"),
    ("count_date", '[[fleet]]\nname = "a"\ncount = 1979-05-27\n', "count"),
    ("count_reversed_range", '[[fleet]]\nname = "a"\ncount = "5..2"\n', "count"),
    ("pue_below_one", '[[fleet]]\nname = "a"\ncount = 1\npue = 0.2\n', "pue"),
    ("hours_1e308", '[[fleet]]\nname = "a"\ncount = 1\nhours = 1e308\n', None),
    ("gpu_unknown", '[[fleet]]\nname = "a"\ncount = 1\ngpu = "zz"\n', "zz"),
    ("gpu_int", '[[fleet]]\nname = "a"\ncount = 1\ngpu = 7\n', "gpu"),
    ("fleet_not_array", '[fleet]\nname = "a"\ncount = 1\n', None),
    ("fleet_missing_name", '[[fleet]]\ncount = 1\n', None),
    ("fleet_unknown_key", '[[fleet]]\nname = "a"\ncount = 1\nbananas = 3\n', "bananas"),
    ("dup_fleet_names", '[[fleet]]\nname = "a"\ncount = 1\n[[fleet]]\nname = "a"\ncount = 2\n', None),
    ("dup_key", '[[fleet]]\nname = "a"\ncount = 1\ncount = 2\n', "count"),
    ("defaults_bad_type", '[[fleet]]\nname = "a"\ncount = 1\n[defaults.x]\ny = 1\n', None),
    ("many_fleets", '[[fleet]]\nname = "a"\ncount = 1\n' * 20000, None),
]:
    exp = "either" if nm is None else "error"
    if tag == "many_fleets":
        body = "".join(f'[[fleet]]\nname = "f{i}"\ncount = 1\n' for i in range(20000))
    fcase(f"scenario_{tag}", ["report", "{FILE}", "--format", "json"], file=SC(body), expect=exp, names=nm, json=(exp != "error"), timeout_s=20)

# claims specifics
CL = lambda claim: 'title = "t"\n[scenario]\ngpu = "h100-sxm"\ncount = 1\nhours = 8760\n[[claim]]\n' + claim
for tag, claim, nm in [
    ("missing_id", 'words = "w"\nquantity = "gpu_avg_power_w"\nvalue = 700\nunit = "W"\n', "id"),
    ("missing_quantity", 'id = "a"\nwords = "w"\nvalue = 700\nunit = "W"\n', "quantity"),
    ("unknown_quantity", 'id = "a"\nwords = "w"\nquantity = "happiness"\nvalue = 700\nunit = "W"\n', "happiness"),
    ("unknown_unit", 'id = "a"\nwords = "w"\nquantity = "gpu_avg_power_w"\nvalue = 700\nunit = "furlong"\n', "furlong"),
    ("value_nan", 'id = "a"\nwords = "w"\nquantity = "gpu_avg_power_w"\nvalue = nan\nunit = "W"\n', "value"),
    ("value_inf", 'id = "a"\nwords = "w"\nquantity = "gpu_avg_power_w"\nvalue = inf\nunit = "W"\n', "value"),
    ("value_junk", 'id = "a"\nwords = "w"\nquantity = "gpu_avg_power_w"\nvalue = "seven hundred"\nunit = "W"\n', "value"),
    ("value_bool", 'id = "a"\nwords = "w"\nquantity = "gpu_avg_power_w"\nvalue = true\nunit = "W"\n', "value"),
    ("value_neg", 'id = "a"\nwords = "w"\nquantity = "gpu_avg_power_w"\nvalue = -700\nunit = "W"\n', None),
    ("value_zero", 'id = "a"\nwords = "w"\nquantity = "gpu_avg_power_w"\nvalue = 0\nunit = "W"\n', None),
    ("value_1e308", 'id = "a"\nwords = "w"\nquantity = "gpu_avg_power_w"\nvalue = 1e308\nunit = "W"\n', None),
    ("dup_ids", 'id = "a"\nwords = "w"\nquantity = "gpu_avg_power_w"\nvalue = 700\nunit = "W"\n[[claim]]\nid = "a"\nwords = "w"\nquantity = "gpu_avg_power_w"\nvalue = 700\nunit = "W"\n', "a"),
    ("follows_unknown", 'id = "a"\nwords = "w"\nquantity = "gpu_avg_power_w"\nvalue = 700\nunit = "W"\nfollows = "nope"\n', "nope"),
    ("follows_self", 'id = "a"\nwords = "w"\nquantity = "gpu_avg_power_w"\nvalue = 700\nunit = "W"\nfollows = "a"\n', None),
    ("solve_for_unknown", 'id = "a"\nwords = "w"\nquantity = "gpu_avg_power_w"\nvalue = 700\nunit = "W"\nsolve_for = ["zz"]\n', "zz"),
    ("solve_for_not_array", 'id = "a"\nwords = "w"\nquantity = "gpu_avg_power_w"\nvalue = 700\nunit = "W"\nsolve_for = 5\n', "solve_for"),
    ("scenario_count_zero", 'id = "a"\nwords = "w"\nquantity = "energy_gpus_kwh"\nvalue = 700\nunit = "kWh"\nscenario = { count = 0 }\nsolve_for = ["count"]\n', None),
    ("scenario_hours_zero_solve", 'id = "a"\nwords = "w"\nquantity = "energy_gpus_kwh"\nvalue = 700\nunit = "kWh"\nscenario = { hours = 0 }\nsolve_for = ["gpu_power_w"]\n', None),
    ("sentence_neg", 'id = "a"\nsentence = -1\nwords = "w"\nquantity = "gpu_avg_power_w"\nvalue = 700\nunit = "W"\n', "sentence"),
    ("hedge_unknown", 'id = "a"\nwords = "w"\nquantity = "gpu_avg_power_w"\nvalue = 700\nunit = "W"\nhedge = "perhaps-ish"\n', "hedge"),
    ("reading_no_label", 'id = "a"\nwords = "w"\nquantity = "gpu_avg_power_w"\nvalue = 700\nunit = "W"\n[[claim.reading]]\nscenario = { gpu = "h100-pcie" }\n', None),
    ("reading_gpu_unknown", 'id = "a"\nwords = "w"\nquantity = "gpu_avg_power_w"\nvalue = 700\nunit = "W"\n[[claim.reading]]\nlabel = "x"\nscenario = { gpu = "zz" }\n', "zz"),
    ("value_scale_word_bad", 'id = "a"\nwords = "w"\nquantity = "gpu_avg_power_w"\nvalue = "10 zillion"\nunit = "W"\n', "value"),
    ("value_scale_word_ok", 'id = "a"\nwords = "w"\nquantity = "energy_gpus_kwh"\nvalue = "10 M"\nunit = "kWh"\n', None),
]:
    exp = "either" if nm is None else "error"
    fcase(f"claims_{tag}", ["check", "{FILE}", "--format", "json"], file=CL(claim), expect=exp, names=nm, json=(exp != "error"))

# extract
EX = ["check", "--extract", "{FILE}"]
for tag, body, exp in [
    ("empty_text", "", "either"), ("binary", None, "error"), ("ctrl_chars", "The GPU draws 700 W.\x1b]0;pwned\x07\x1b[2J And 5 kW.\n", "either"),
    ("e_notation", "It needs 1E+3 GPUs and 10^6 W.\n", "either"), ("space_grouped", "We bought 350 000 GPUs.\n", "either"),
    ("many_numbers", "In one sentence " + " ".join(f"{i} W" for i in range(3000)) + ".\n", "either"),
    ("long_sentence", "x" * 200000 + " 5 W\n", "either"), ("only_dots", "." * 100000, "either"),
    ("huge_number", "It costs 9" * 1 + "9" * 400 + " USD.\n", "either"), ("tiny_number", "0." + "0" * 400 + "1 W.\n", "either"),
    ("unicode_digits", "It draws ٧٠٠ W and ７００ W.\n", "either"), ("italian", "Consuma 3.740KWh annuali, 10 Miliardi di dollari.\n", "either"),
    ("lone_surrogateish", None, "either"),
]:
    if tag == "binary":
        fcase(f"extract_{tag}", EX, file_hex="00 01 02 ff fe 00 00 80", names="{FILE}")
    elif tag == "lone_surrogateish":
        fcase(f"extract_{tag}", EX, file_hex="49 74 20 64 72 61 77 73 20 ed a0 80 20 37 30 30 20 57 2e 0a", expect="either")
    else:
        fcase(f"extract_{tag}", EX + ["--format", "json"], file=body, expect=exp, json=(exp == "ok"), timeout_s=15)
fcase("extract_fifo", EX, special="fifo", names="{FILE}", timeout_s=5)
fcase("extract_dir", EX, special="dir", names="{FILE}")
fcase("extract_10mb", EX, file="The fleet draws 700 W per GPU and 350,000 GPUs. ", file_repeat=210000, expect="either", timeout_s=20)

# catalog dirs
GPU_OK = '[[gpu]]\nid = "g1"\nname = "G1"\n[gpu.tdp_w]\nvalue = 700\nsource = "s"\nyear = 2023\nconfidence = "verified"\n'
for tag, body, nm, special in [
    ("malformed", "[[gpu]\nid=", "{FILE}", None),
    ("dup_ids", GPU_OK + GPU_OK, "g1", None),
    ("tdp_negative", GPU_OK.replace("value = 700", "value = -700"), "tdp_w", None),
    ("tdp_nan", GPU_OK.replace("value = 700", "value = nan"), "tdp_w", None),
    ("tdp_1e308", GPU_OK.replace("value = 700", "value = 1e308"), None, None),
    ("low_gt_high", GPU_OK.replace("value = 700", "low = 700\nhigh = 300"), "tdp_w", None),
    ("year_1066", GPU_OK.replace("year = 2023", "year = 1066"), "year", None),
    ("confidence_bad", GPU_OK.replace('"verified"', '"trust me"'), "confidence", None),
    ("kind_unknown", '[[spaceship]]\nid = "x"\n', "spaceship", None),
    ("id_missing", GPU_OK.replace('id = "g1"\n', ""), "id", None),
    ("binary", None, "{FILE}", None),
    ("fifo", None, "--catalog", "fifo"),
    ("dir_named_toml", None, "--catalog", "dir"),
    ("loop", None, "--catalog", "loop"),
]:
    kw = {}
    if tag == "binary": kw["file_hex"] = "00 ff 00 ff 7b 7d"
    exp = "either" if nm is None else "error"
    fcase(f"catalog_dir_{tag}", ["catalog", "gpus", "--catalog", "{DIR}/cat", "--format", "json"], file=body, special=special,
          file_name="cat/gpus.toml", expect=exp, names=nm, timeout_s=5, json=(exp != "error"), **kw)
fcase("catalog_dir_fifo_fleet", ["fleet", "--catalog", "{DIR}/cat"], special="fifo", file_name="cat/x.toml", names="--catalog", timeout_s=5)
# failure model files
FM = '[[failure_model]]\nid = "fm"\n'
fcase("train_failure_model_file_fifo", T + ["--failure-model", "{FILE}"], special="fifo", file_name="fm.toml", names="{FILE}", timeout_s=5)
fcase("train_failure_model_file_binary", T + ["--failure-model", "{FILE}"], file_hex="00ff00ff", file_name="fm.toml", names="{FILE}")
fcase("train_failure_model_file_empty", T + ["--failure-model", "{FILE}"], special="empty", file_name="fm.toml", names="{FILE}")
fcase("train_failure_model_file_malformed", T + ["--failure-model", "{FILE}"], file="[[x", file_name="fm.toml", names="{FILE}")
fcase("measure_powercap_fifo_tree", M + ["--powercap-root", "{DIR}/pc", "--", "true"], special="fifo", file_name="pc/intel-rapl:0/energy_uj", expect="either", timeout_s=8)
fcase("measure_nvml_lib_garbage", M + ["--nvml-lib", "{FILE}", "--", "true"], file="not an ELF", file_name="libnvml.so", expect="ok")
fcase("measure_nvml_lib_fifo", M + ["--nvml-lib", "{FILE}", "--", "true"], special="fifo", file_name="libnvml.so", expect="either", timeout_s=5)

# ---------------------------------------------------------------- output targets
def ocase(name, args, out_special=None, expect="error", names=None, **kw):
    add("output.toml", name, "file", args=args, expect=expect, out_special=out_special, names=names, **kw)
for cmd, args in [("fleet", ["fleet"]), ("catalog", ["catalog", "gpus"]), ("train", T), ("sweep", S + ["--points", "1"]),
                  ("check", ["check"]), ("measure", ["measure", "--", "true"])]:
    ocase(f"{cmd}_out_fifo", args + ["-o", "{OUT}"], out_special="fifo", names="{OUT}", timeout_s=5)
    ocase(f"{cmd}_out_dir", args + ["-o", "{OUT}"], out_special="dir", names="{OUT}")
    ocase(f"{cmd}_out_missing_dir", args + ["-o", "{OUT}"], out_special="missing_dir", names="{OUT}")
    ocase(f"{cmd}_out_chardev", args + ["-o", "{OUT}"], out_special="chardev", names="{OUT}", timeout_s=5)
    ocase(f"{cmd}_out_symlink", args + ["-o", "{OUT}"], out_special="symlink", expect="either")
    ocase(f"{cmd}_out_mode0600", args + ["-o", "{OUT}"], out_special="file0600", expect="ok")
ocase("fleet_out_ok", ["fleet", "--format", "json", "-o", "{OUT}"], expect="ok")
ocase("fleet_out_empty_path", ["fleet", "-o", ""], names="--output")
ocase("fleet_out_error_no_leftover", ["fleet", "--count", "-1", "-o", "{OUT}"], names="--count")
ocase("train_out_error_no_leftover", T + ["--checkpoint-write", "-5s", "-o", "{OUT}"], names="--checkpoint-write")
ocase("report_out_is_input", ["report", "{FILE}", "-o", "{FILE}"], file=SCEN_OK, names="{FILE}")
ocase("check_out_is_input", ["check", "{FILE}", "-o", "{FILE}"], file=CLAIMS_OK, names="{FILE}")
ocase("extract_out_is_input", ["check", "--extract", "{FILE}", "-o", "{FILE}"], file="It draws 700 W.\n", names="{FILE}")
ocase("report_out_is_input_via_symlink", ["report", "{FILE}", "-o", "{DIR}/./input"], file=SCEN_OK, names="input")
ocase("fleet_out_proc", ["fleet", "-o", "/proc/version"], names="/proc/version")

# ---------------------------------------------------------------- HTTP
def h(name, method="GET", path="/", expect="error", **kw):
    add("http.toml", name, "http", method=method, path=path, expect=expect, **kw)
h("health_ok", path="/api/health", expect="ok", status=200)
h("catalog_ok", path="/api/catalog", expect="ok")
h("index_ok", path="/", expect="ok")
h("fleet_get_ok", path="/api/fleet?gpu=h100&count=1000", expect="ok")
h("fleet_post_ok", method="POST", path="/api/fleet", body='{"gpu": "h100", "count": "300k..350k", "pue": 1.08}', expect="ok")
h("train_get_ok", path="/api/train?replicas=5&count=1024", expect="ok")
h("sweep_get_ok", path="/api/sweep?from=1024&to=4096&points=2&replicas=3", expect="ok")
h("check_get_ok", path="/api/check", expect="ok")
for route in ["/api/health", "/api/catalog", "/api/fleet", "/api/train", "/api/sweep", "/api/check"]:
    r = route.split("/")[-1]
    for m in ["DELETE", "PUT", "PATCH", "FOO", "TRACE", "CONNECT"]:
        h(f"{r}_method_{m}", method=m, path=route)
    h(f"{r}_head", method="HEAD", path=route, expect="either")
    h(f"{r}_options", method="OPTIONS", path=route, expect="either")
    h(f"{r}_trailing_slash", path=route + "/", expect="either")
    h(f"{r}_upper", path=route.upper(), expect="either")
for r in ["fleet", "train", "sweep", "check"]:
    path = "/api/" + r
    for tag, body in [("empty", ""), ("not_json", "hello"), ("array", "[1,2]"), ("string", '"x"'), ("null", "null"),
                      ("number", "5"), ("truncated", '{"count": '), ("trailing_comma", '{"count": 1,}'),
                      ("nan_literal", '{"count": NaN}'), ("dup_keys", '{"count": 1, "count": 2}'),
                      ("deep", "[" * 100000 + "]" * 100000), ("deep_obj", '{"a":' * 20000 + "1" + "}" * 20000),
                      ("invalid_utf8", None), ("nul", None), ("bom", None)]:
        kw = {}
        if body is None:
            kw["body_hex"] = {"invalid_utf8": "7b 22 67 70 75 22 3a 22 ff fe 22 7d", "nul": "7b 00 7d",
                              "bom": "ef bb bf 7b 7d"}[tag]
        else:
            kw["body"] = body
        exp = "either" if tag in ("dup_keys", "bom", "empty") and r == "check" else ("either" if tag in ("dup_keys", "bom") else "error")
        h(f"{r}_post_{tag}", method="POST", path=path, expect=exp, **kw)
# field values
FIELD_BAD = [("neg", -5), ("nan_str", "nan"), ("inf_str", "inf"), ("huge", 1e308), ("e999", "1e999"), ("reversed", "5..2"),
             ("bool", True), ("array", [1]), ("object", {"a": 1}), ("null", None), ("empty", ""), ("junk", "5abc"), ("fullwidth", "５")]
for field in ["count", "hours", "load", "pue", "mfu", "gpu_power_w"]:
    for tag, v in FIELD_BAD:
        if tag == "huge" and field in ("count", "hours", "gpu_power_w"): continue
        exp = "error"
        h(f"fleet_field_{field}_{tag}", method="POST", path="/api/fleet", body=json.dumps({"gpu": "h100", field: v}), field=field, expect=exp)
h("fleet_field_gpu_missing", method="POST", path="/api/fleet", body='{"count": 1}', field="gpu")
h("fleet_field_gpu_unknown", method="POST", path="/api/fleet", body='{"gpu": "../../etc/passwd"}', field="gpu")
h("fleet_field_gpu_number", method="POST", path="/api/fleet", body='{"gpu": 5}', field="gpu")
h("fleet_field_unknown", method="POST", path="/api/fleet", body='{"gpu": "h100", "bananas": 1}', field="bananas")
h("fleet_field_count_1e17", method="POST", path="/api/fleet", body='{"gpu": "h100", "count": 100000000000000000}', expect="either")
h("fleet_field_count_huge_int", method="POST", path="/api/fleet", body='{"gpu": "h100", "count": 99999999999999999999999999999}', expect="either")
h("fleet_field_count_1e_308", method="POST", path="/api/fleet", body='{"gpu": "h100", "count": 1e-308}', expect="either")
for tag, qs in [("neg", "count=-5"), ("nan", "count=nan"), ("inf", "count=inf"), ("reversed", "count=5..2"), ("empty", "count="),
                ("twice", "count=1&count=2"), ("unknown", "bananas=1"), ("no_value", "count"), ("pct_junk", "count=%zz"),
                ("pct_nul", "count=1%00"), ("plus_space", "count=+5+"), ("utf8_bad", "count=%ff%fe"), ("gpu_missing", "count=5"),
                ("hex", "count=0x10"), ("semicolon", "count=1;count=2")]:
    exp = "either" if tag in ("hex", "plus_space", "gpu_missing") else "error"
    h(f"fleet_query_{tag}", path="/api/fleet?gpu=h100&" + qs if tag != "gpu_missing" else "/api/fleet?" + qs, expect=exp,
      field=None if exp == "either" else ("count" if tag not in ("unknown", "pct_junk") else None))
# train/sweep fields
TR = [("checkpoint_write_s", [("tiny", "1e-50"), ("zero", "0"), ("neg", "-1"), ("nan", "nan"), ("huge", "1e308")]),
      ("interval_h", [("tiny", "1e-50"), ("zero", "0"), ("neg", "-1"), ("nan", "nan"), ("huge", "1e308")]),
      ("restart_s", [("tiny", "1e-50"), ("neg", "-1"), ("nan", "nan"), ("huge", "1e308")]),
      ("storage_gb_per_s", [("tiny", "1e-300"), ("zero", "0"), ("neg", "-1")]),
      ("count", [("zero", "0"), ("neg", "-1"), ("over", "1000001"), ("frac", "1.5")]),
      ("replicas", [("zero", "0"), ("over", "2001"), ("neg", "-1"), ("frac", "2.5")]),
      ("seed", [("neg", "-1"), ("huge", "1e30"), ("frac", "0.5")]),
      ("spares", [("neg", "-5"), ("huge", "1e30")]),
      ("params", [("zero", "0"), ("neg", "-1"), ("huge", "1e300")]),
      ("mfu", [("zero", "0"), ("over", "1.5")]),
      ("failure_model", [("path", "/etc/passwd"), ("unknown", "nope")])]
for field, vals in TR:
    for tag, v in vals:
        exp = "either" if (tag in ("tiny", "huge") and field not in ("seed", "spares")) or (field, tag) == ("checkpoint_write_s", "zero") else "error"
        h(f"train_q_{field}_{tag}", path=f"/api/train?replicas=3&count=1024&{field}={v}", expect=exp, field=field if exp == "error" else None, timeout_s=15)
for tag, qs, exp in [("points_zero", "points=0", "error"), ("points_over", "points=17", "error"), ("from_gt_to", "from=5000&to=2000", "either"),
                     ("replicas_over", "replicas=501", "error"), ("from_neg", "from=-1", "error"), ("to_nan", "to=nan", "error"),
                     ("to_huge", "to=1e15", "either"), ("from_zero", "from=0", "error")]:
    h(f"sweep_q_{tag}", path=f"/api/sweep?replicas=2&points=2&{qs}", expect=exp, timeout_s=15)
h("train_post_tiny_write", method="POST", path="/api/train", body='{"replicas": 3, "count": 1024, "checkpoint_write_s": 1e-50}', expect="either")
h("train_post_types", method="POST", path="/api/train", body='{"replicas": "many"}', field="replicas")
h("check_post_claims_not_string", method="POST", path="/api/check", body='{"claims": 5}', field="claims")
h("check_post_claims_malformed", method="POST", path="/api/check", body=json.dumps({"claims": "[[claim\n"}), field="claims")
h("check_post_claims_empty", method="POST", path="/api/check", body='{"claims": ""}', expect="error")
h("check_post_claims_ok", method="POST", path="/api/check", body=json.dumps({"claims": CLAIMS_OK}), expect="ok")
h("check_post_claims_div0", method="POST", path="/api/check", body=json.dumps({"claims": CL('id = "a"\nwords = "w"\nquantity = "energy_gpus_kwh"\nvalue = 700\nunit = "kWh"\nscenario = { hours = 0 }\nsolve_for = ["gpu_power_w"]\n')}), expect="either")
h("check_post_claims_file_key", method="POST", path="/api/check", body=json.dumps({"claims": '[source]\nfile = "/etc/shadow"\n' + CLAIMS_OK[CLAIMS_OK.index("[scenario]"):]}), expect="either")
# static + traversal
for tag, p in [("dotdot", "/../../etc/passwd"), ("pct_dotdot", "/%2e%2e/%2e%2e/etc/passwd"), ("double_slash", "//etc/passwd"),
               ("vendor_dotdot", "/vendor/../../etc/passwd"), ("backslash", "/..\\..\\etc\\passwd"), ("pct_slash", "/%2f%2fetc%2fpasswd"),
               ("embedded_data", "/data/gpus.toml"), ("nul", "/index.html%00.js"), ("overlong_utf8", "/%c0%ae%c0%ae/etc/passwd"),
               ("api_dotdot", "/api/../api/health/../../etc/passwd"), ("absolute_uri", "http://127.0.0.1/../../etc/passwd"),
               ("no_slash", "etc/passwd"), ("star", "*"), ("unknown", "/nope.html"), ("vendor_unknown", "/vendor/nope.js"),
               ("src_prefix", "/src/index.html"), ("dot", "/./index.html/.")]:
    h(f"static_{tag}", path=p, expect="error", timeout_s=5)
h("long_url_9k", path="/api/fleet?gpu=h100&x=" + "a" * 9000)
h("long_url_100k", path="/" + "a" * 100000)
h("long_header", path="/api/health", headers=["X-Long: " + "b" * 10000], expect="either")
h("many_headers", path="/api/health", headers=[f"X-H{i}: v" for i in range(2000)], expect="either")
h("header_no_colon", path="/api/health", headers=["NoColonHere"], expect="either")
h("content_length_neg", method="POST", path="/api/fleet", headers=["Content-Length: -1"], body='{"gpu":"h100"}')
h("content_length_junk", method="POST", path="/api/fleet", headers=["Content-Length: abc"], body='{"gpu":"h100"}')
h("content_length_huge", method="POST", path="/api/fleet", headers=["Content-Length: 99999999999999999999"], body='{"gpu":"h100"}')
h("content_length_short", method="POST", path="/api/fleet", headers=["Content-Length: 3"], body='{"gpu":"h100"}', expect="error")
h("content_length_long", method="POST", path="/api/fleet", headers=["Content-Length: 500"], body='{"gpu":"h100"}', timeout_s=10)
h("content_length_two", method="POST", path="/api/fleet", headers=["Content-Length: 14", "Content-Length: 2"], body='{"gpu":"h100"}')
h("content_length_over_limit", method="POST", path="/api/fleet", body="{" + '"a":1,' * 20000 + '"gpu":"h100"}', status=413)
h("expect_100_over_limit", method="POST", path="/api/fleet", headers=["Expect: 100-continue", "Content-Length: 10000000"], no_length=True, status=413)
h("chunked_body", method="POST", path="/api/fleet", headers=["Transfer-Encoding: chunked"], body='e\r\n{"gpu":"h100"}\r\n0\r\n\r\n')
h("chunked_and_length", method="POST", path="/api/fleet", headers=["Transfer-Encoding: chunked", "Content-Length: 5"], body='e\r\n{"gpu":"h100"}\r\n0\r\n\r\n')
h("chunked_bad_size", method="POST", path="/api/fleet", headers=["Transfer-Encoding: chunked"], body="zz\r\nxx\r\n0\r\n\r\n")
h("multi_range", path="/", headers=["Range: bytes=" + ",".join(["0-"] * 2000)], expect="either", timeout_s=10)
h("multi_range_api", path="/api/catalog", headers=["Range: bytes=" + ",".join(["0-"] * 500)], expect="either", timeout_s=10)
h("range_bad", path="/", headers=["Range: bytes=999999-1"], expect="either")
h("slow_body_ok", method="POST", path="/api/fleet", body='{"gpu": "h100", "count": 1000, "pue": 1.1}', slow_ms=300, expect="ok")
h("slow_body_bad", method="POST", path="/api/fleet", body='{"gpu": "h100", "count": -1000, "pue": 1.1}', slow_ms=300, field="count")
h("raw_garbage", raw_hex="00 01 02 03 ff fe fd 0d 0a 0d 0a")
h("raw_http09", raw="GET /\r\n\r\n")
h("raw_bad_version", raw="GET /api/health HTTP/9.9\r\nHost: x\r\nConnection: close\r\n\r\n", expect="either")
h("raw_lf_only", raw="GET /api/health HTTP/1.1\nHost: x\nConnection: close\n\n", expect="either")
h("raw_empty", raw="", half_close=True)
h("raw_space_in_path", raw="GET /api/ health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
h("raw_method_lower", raw="get /api/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
h("raw_pipelined_bad_then_health", raw="POST /api/fleet HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhelloGET /api/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
h("query_only_question", path="/api/fleet?")
h("query_amp_storm", path="/api/fleet?gpu=h100" + "&" * 5000, expect="either")
h("query_many_params", path="/api/fleet?gpu=h100&" + "&".join(f"p{i}=1" for i in range(1000)))

for fname, cases in files.items():
    with open(os.path.join(OUT, fname), "w") as f:
        f.write(f"# Independent bad-input cases ({fname[:-5]}); format: tests/bad_input_independent_test.cc\n\n")
        f.write("\n\n".join(cases) + "\n")
print(len(names), {k: len(v) for k, v in files.items()})
