#include "gpufleet/inputs.h"

#include <gtest/gtest.h>

#include <set>

#include "gpufleet/duration_text.h"
#include "gpufleet/training_run.h"

namespace gpufleet::inputs {
namespace {

std::string ErrorOf(const Input& in, const std::string& text) {
  try {
    Parse(in, text);
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().field, in.name);
    return e.detail();
  }
  return "";
}

TEST(Inputs, NamesAreUniquePerCommandAndSpelt) {
  for (Command c : {kFleet, kTrain, kSweep, kFit}) {
    std::set<std::string> names, flags;
    for (const Input* in : For(c, FrontEnd(kBoth))) {
      EXPECT_TRUE(names.insert(in->name).second) << in->name;
      EXPECT_TRUE(flags.insert(FlagName(*in)).second) << in->name;
      EXPECT_STRNE(in->help, "") << in->name;
      if (in->kind != Kind::kId && in->kind != Kind::kSwitch) {
        EXPECT_STRNE(in->domain.why, "") << in->name;
        if (auto d = Default(*in)) {
          EXPECT_NO_THROW(Check(*in, *d)) << in->name;
        }
      }
    }
  }
  EXPECT_EQ(FlagName(Get("checkpoint_write_s", kTrain)), "--checkpoint-write");
  EXPECT_EQ(FlagName(Get("checkpoint_interval_h", kTrain)), "--checkpoint-interval");
  EXPECT_EQ(FlagName(Get("restart_s", kTrain)), "--restart");
  EXPECT_EQ(FlagName(Get("storage_gb_per_s", kTrain)), "--storage-gb-per-s");
  EXPECT_EQ(FlagName(Get("gpu_power_w", kFleet)), "--gpu-power-w");
  EXPECT_EQ(FieldName(Get("checkpoint_write_s", kTrain)), "checkpoint_write_s");
}

TEST(Inputs, OneDurationGrammar) {
  const auto s = [](const char* text, Duration<> bare = 1.0 * units::s) {
    return In(ParseDuration(text, "x", bare), units::s);
  };
  EXPECT_DOUBLE_EQ(s("5ns"), 5e-9);
  EXPECT_DOUBLE_EQ(s("5us"), 5e-6);
  EXPECT_DOUBLE_EQ(s("500ms"), 0.5);
  EXPECT_DOUBLE_EQ(s("30s"), 30);
  EXPECT_DOUBLE_EQ(s("2m"), 120);
  EXPECT_DOUBLE_EQ(s("2min"), 120);
  EXPECT_DOUBLE_EQ(s("1.5h"), 5400);
  EXPECT_DOUBLE_EQ(s("2d"), 172800);
  EXPECT_DOUBLE_EQ(s("1w"), 604800);
  EXPECT_DOUBLE_EQ(s("1e-3s"), 1e-3);
  EXPECT_DOUBLE_EQ(s("90"), 90);
  EXPECT_DOUBLE_EQ(s("2", 1.0 * units::h), 7200);  // a bare number in the input's unit
  for (const char* bad : {"", "s", "-1s", "nan", "inf", "1x", "1 parsec", "1e400s", "1..2h"}) {
    EXPECT_THROW(s(bad), InputError) << bad;
  }
}

TEST(Inputs, DurationInputsReadTheirOwnUnit) {
  const Input& interval = Get("checkpoint_interval_h", kTrain);
  EXPECT_DOUBLE_EQ(Parse(interval, "2").value, 7200);  // hours
  EXPECT_DOUBLE_EQ(Parse(interval, "30m").value, 1800);
  EXPECT_DOUBLE_EQ(Parse(Get("checkpoint_write_s", kTrain), "500ms").value, 0.5);
}

// A whole-number range's ends are whole, and its central value too: lo..hi of whole ends is
// centred on its midpoint rounded down, lo..x..hi needs a whole x. "5..6" was 5.5, fleet's
// --count 1..2 was 1.5 GPUs where --count 1.5 was refused, and measure's --project-to 1..1000
// was refused for its midpoint 500.5 (found by adversarial testers).
TEST(Inputs, AWholeRangeIsCentredOnAWholeNumber) {
  const Input& per_rack = Get("nodes_per_rack", kFleet);
  const Input& count = Get("count", kFleet);
  EXPECT_EQ(Parse(per_rack, "5..6"), Interval(5, 5, 6));
  EXPECT_EQ(Parse(Get("gpus_per_node", kFleet), "1..2"), Interval(1, 1, 2));
  EXPECT_EQ(Parse(count, "1..2"), Interval(1, 1, 2));
  EXPECT_EQ(Parse(count, "1..8"), Interval(4, 1, 8));
  EXPECT_EQ(Parse(count, "2..3"), Interval(2, 2, 3));
  EXPECT_EQ(Parse(count, "1..1000"), Interval(500, 1, 1000));
  EXPECT_EQ(Parse(count, "1..1M"), Interval(500000, 1, 1e6));
  EXPECT_EQ(Parse(count, "1..1e9"), Interval(500000000, 1, 1e9));
  EXPECT_EQ(Parse(count, "10..1e9"), Interval(500000005, 10, 1e9));
  EXPECT_EQ(Parse(count, "5..5"), Interval(5));
  EXPECT_EQ(Parse(count, "1..7..8"), Interval(7, 1, 8));  // a given central value is kept
  EXPECT_EQ(ParseRange(count, "1..2"), Interval(1, 1, 2));
  EXPECT_EQ(ParseRange(count, "0..3"), Interval(1, 0, 3));  // the domain is Parse's and Check's
  // Not a whole-number input: the midpoint as it is.
  EXPECT_EQ(Parse(Get("hours", kFleet), "1..2"), Interval(1.5, 1, 2));
  EXPECT_EQ(ParseRange(Get("hours", kFleet), "1..2"), Interval(1.5, 1, 2));
  EXPECT_EQ(ErrorOf(count, "1..1.5..2"),
            "must be whole numbers: a range's central value too (lo..x..hi with a whole x, or "
            "lo..hi: its midpoint rounded down), got 1..1.5..2");
  EXPECT_EQ(ErrorOf(per_rack, "5.5"), "must be a whole number, got 5.5");
  EXPECT_EQ(ErrorOf(per_rack, "4.5..6"), "must be a whole number, got 4.5..6");
  // A value from a file or JSON (Check): the same rule.
  try {
    Check(count, Interval(1.5, 1, 2));
    ADD_FAILURE() << "1.5 GPUs";
  } catch (const InputError& e) {
    EXPECT_NE(e.detail().find("got 1..1.5..2"), std::string::npos) << e.detail();
  }
  EXPECT_NO_THROW(Check(count, Interval(1, 1, 2)));
  // And one message out of the domain: echoed as read, no central value added.
  try {
    Check(count, Interval(1, 0, 3));
    ADD_FAILURE() << "0 GPUs";
  } catch (const InputError& e) {
    EXPECT_EQ(e.detail(), "must be >= 1, got 0..3");
  }
}

// An out-of-domain range is echoed as given: "1e-3..5" was "got 0.001..2.5004999999999997..5",
// a central value the user never typed (found by an adversarial tester).
TEST(Inputs, ARangeIsEchoedAsGiven) {
  const Input& tokens = Get("input_tokens", kInfer);
  EXPECT_EQ(ErrorOf(tokens, "1e-3..5"), "must be >= 1, got 1e-3..5");
  EXPECT_EQ(ErrorOf(tokens, "0..5"), "must be >= 1, got 0..5");
  EXPECT_EQ(ErrorOf(tokens, " 1e-3..2..5 "), "must be >= 1, got 1e-3..2..5");
  EXPECT_EQ(ErrorOf(Get("count", kFleet), "1k..2G"), "must be <= 1000000000, got 1k..2G");
  // Without the text (a file's value): the two numbers a two-point range was read from.
  try {
    Check(tokens, ParseInterval("1e-3..5"));
    ADD_FAILURE() << "0.001 tokens";
  } catch (const InputError& e) {
    EXPECT_EQ(e.detail(), "must be >= 1, got 0.001..5");
  }
}

TEST(Inputs, BoundsArePrintedExactly) {
  const Input& count = Get("count", kFleet);
  EXPECT_EQ(ErrorOf(count, "1000000001"), "must be <= 1000000000, got 1000000001");
  EXPECT_EQ(ErrorOf(count, "-3"), "must be >= 1, got -3");
  // A fraction of a GPU was read as 1 GPU in the title and 0.5 in the capex (adversarial
  // testing); 5e-324 gave "0 NVIDIA H100" and USD 1.48e-319.
  EXPECT_EQ(ErrorOf(count, "0.5"), "must be >= 1, got 0.5");
  EXPECT_EQ(ErrorOf(count, "1e-300"), "must be >= 1, got 1e-300");
  EXPECT_EQ(ErrorOf(Get("count", kTrain), "16384.5"), "must be a whole number, got 16384.5");
  // fleet's count is whole too, a value or a range (1.5 GPUs gave "1.5 x USD 30 k" on one
  // server; found by an adversarial tester).
  EXPECT_EQ(ErrorOf(Get("count", kFleet), "1.5"), "must be a whole number, got 1.5");
  EXPECT_EQ(ErrorOf(Get("count", kFleet), "1000..2000.5"),
            "must be a whole number, got 1000..2000.5");
  EXPECT_EQ(ErrorOf(Get("count", kFleet), "1000..2000"), "");
  // A range where one number is taken says so (it was "expected a number like 700").
  EXPECT_EQ(ErrorOf(Get("count", kTrain), "1..2"), "one whole number, not a range (1..2)");
  EXPECT_EQ(ErrorOf(Get("layers", kInfer), "30..32"), "one whole number, not a range (30..32)");
  EXPECT_EQ(ErrorOf(Get("mfu", kTrain), "0.5..1.5"), "must be <= 1, got 0.5..1.5");
  EXPECT_EQ(ErrorOf(Get("checkpoint_write_s", kTrain), "1e-50s"),
            "must be 0 or >= 0.001 s, got 1e-50 s");
  EXPECT_EQ(ErrorOf(Get("maintenance_h", kTrain), "1e-9s"),
            "must be 0 or >= 3600 s (1 h), got 1e-09 s (2.77778e-13 h)");
  EXPECT_EQ(ErrorOf(Get("restart_s", kTrain), "10000001"), "must be <= 10000000 s, got 10000001 s");
  EXPECT_EQ(ErrorOf(Get("pue", kFleet), "nan"), "'nan' is not a finite number");
  EXPECT_EQ(ErrorOf(Get("checkpoint_write_s", kTrain), "999us"),
            "must be 0 or >= 0.001 s, got 0.000999 s");
  try {
    Check(Get("restart_s", kTrain), Interval(1, 1, 2));
    ADD_FAILURE() << "a range of a point input";
  } catch (const InputError& e) {
    EXPECT_EQ(e.detail(), "must be one value, not a range, got 1..1..2 s");
  }
  EXPECT_EQ(ErrorOf(Get("checkpoint_write_s", kTrain), "0"), "");  // free checkpoints
  // horizon_h stops at the simulator's wall-time cap (kMaxWallS, about 73 years), not 100 years.
  EXPECT_EQ(ErrorOf(Get("horizon_h", kTrain), "640488h"), "");
  EXPECT_EQ(ErrorOf(Get("horizon_h", kTrain), "2305756800s"), "");
  // The cap is whole days, so the days the help states are taken (26,688 d were refused by a cap
  // of 26,687.998 d) and a second more is not.
  EXPECT_EQ(ErrorOf(Get("horizon_h", kTrain), "26687d"), "");
  EXPECT_EQ(ErrorOf(Get("window_d", kFit), "26687"), "");
  EXPECT_NE(ErrorOf(Get("horizon_h", kTrain), "2305756801s"), "");
  EXPECT_EQ(ErrorOf(Get("horizon_h", kTrain), "26688d"),
            "must be <= 2305756800 s (640488 h), got 2305840000 s (640512 h)");
  EXPECT_EQ(ErrorOf(Get("horizon_h", kTrain), "700800h"),
            "must be <= 2305756800 s (640488 h), got 2522880000 s (700800 h)");
  // A duration whose bare number is in hours or days answers in that unit too (seventeenth
  // pass, T10: window_d 0.01 was "must be >= 3600 s, got 864 s"); one in seconds as before.
  EXPECT_EQ(ErrorOf(Get("window_d", kFit), "0.01"),
            "must be >= 3600 s (0.0416667 d), got 864 s (0.01 d)");
  EXPECT_EQ(ErrorOf(Get("window_d", kFit), "26688"),
            "must be <= 2305756800 s (26687 d), got 2305840000 s (26688 d)");
}

// Found by adversarial testers: a message echoed the double a number became, not the number
// given (--seed 9007199254740993 "got 9007199254740992"); a duration converted to seconds to 16
// digits ("got 0.7200000000000001 s"); a negative duration "must be >= 0" where the domain
// starts at 1 us.
TEST(Inputs, MessagesEchoWhatWasGiven) {
  const Input& seed = Get("seed", kInfer);
  EXPECT_EQ(ErrorOf(seed, "9007199254740993"),
            "must be <= 9007199254740991, got 9007199254740993 (read as 9007199254740992)");
  EXPECT_EQ(ErrorOf(seed, "9007199254740992"), "must be <= 9007199254740991, got 9007199254740992");
  EXPECT_EQ(ErrorOf(seed, "1e16"), "must be <= 9007199254740991, got 1e+16");
  EXPECT_EQ(ErrorOf(Get("count", kFleet), "0.50"), "must be >= 1, got 0.5");
  // A duration to 6 significant digits; exactly where rounding would meet a bound.
  const Input& hours = Get("sim_hours", kInfer);
  EXPECT_EQ(ErrorOf(hours, "0.0002"), "must be >= 1 s (0.000277778 h), got 0.72 s (0.0002 h)");
  EXPECT_EQ(ErrorOf(hours, "0.0001"), "must be >= 1 s (0.000277778 h), got 0.36 s (0.0001 h)");
  EXPECT_EQ(ErrorOf(hours, "0.9999999s"),
            "must be >= 1 s (0.000277778 h), got 0.9999999 s (0.00027777775000000003 h)");
  EXPECT_EQ(ErrorOf(hours, "367d"), "must be <= 31622400 s (8784 h), got 31708800 s (8808 h)");
  // A negative duration: the input's own bound.
  EXPECT_EQ(ErrorOf(Get("ttft_slo_s", kInfer), "-1s"), "duration must be >= 1e-06 s, got '-1s'");
  EXPECT_EQ(ErrorOf(Get("checkpoint_write_s", kTrain), "-5m"),
            "duration must be 0 or >= 0.001 s, got '-5m'");
  EXPECT_EQ(ErrorOf(Get("checkpoint_write_s", kTrain), "-0s"), "");  // 0, free checkpoints
  EXPECT_NE(ErrorOf(Get("ttft_slo_s", kInfer), "-x").find("bad duration '-x'"), std::string::npos);
}

TEST(Inputs, HelpShowsTheDomainAndWhy) {
  EXPECT_EQ(DomainText(Get("count", kFleet)),
            "1..1000000000, whole; lo..hi is centred on its midpoint rounded down");
  EXPECT_EQ(DomainText(Get("layers", kInfer)), "1..100000, whole");
  EXPECT_EQ(DomainText(Get("count", kTrain)), "1..10000000, whole");
  EXPECT_EQ(DomainText(Get("maintenance_h", kTrain)), "0 or 3600..3155760000 s");
  const std::string help = Help(Get("checkpoint_write_s", kTrain));
  EXPECT_NE(help.find("[0 or 0.001..10000000 s; a bare number is in s; 0 (free checkpoints)"),
            std::string::npos)
      << help;
}

TEST(Inputs, RespellNamesInputsForEachFrontEnd) {
  const std::string m = "give `params` with `tokens`, or `gpu_hours`; `nope` stays";
  EXPECT_EQ(Respell(m, Spelling::kCli),
            "give --params with --tokens, or --gpu-hours; `nope` stays");
  EXPECT_EQ(Respell(m, Spelling::kApi), "give params with tokens, or gpu_hours; `nope` stays");
  const InputError e = Respell(InputError(Where{"", 0, "checkpoint_write_s"}, "x"), Spelling::kCli);
  EXPECT_EQ(std::string(e.what()), "'--checkpoint-write': x");
  // A --catalog directory's own errors (not a key inside one of its files) name the flag.
  const InputError c = Respell(
      InputError(Where{"", 0, "catalog"}, "d/gpus.toml: not a regular file"), Spelling::kCli);
  EXPECT_EQ(std::string(c.what()), "'--catalog': d/gpus.toml: not a regular file");
}

TEST(Inputs, LlamaDefaultsOnceAndOnlyWithoutWork) {
  Given g(kTrain);
  const TrainingInputs d = TrainingInputsFrom(g, GpuFigures{});
  EXPECT_EQ(d.work.params->value, 405e9);
  EXPECT_EQ(d.work.tokens->value, 15.6e12);
  EXPECT_EQ(d.gpus.value, 16384);
  EXPECT_EQ(ReliabilityFrom(g).failure_model, kDefaultFailureModel);
  g.SetText("flops", "3.8e25");
  const TrainingInputs f = TrainingInputsFrom(g, GpuFigures{});
  EXPECT_FALSE(f.work.params);
  EXPECT_FALSE(f.work.tokens);
  EXPECT_EQ(f.work.flops->value, 3.8e25);
}

}  // namespace
}  // namespace gpufleet::inputs

namespace gpufleet::inputs {
namespace {

// A repeated value in a list input drew the same goodput series twice; "10s" and "10" are the
// same checkpoint write.
TEST(Inputs, AListRefusesARepeatedValue) {
  EXPECT_EQ(ParseList(Get("failure_rates", kSweep), "2,4,8", kSweep).size(), 3u);
  for (const auto& [name, text] :
       {std::pair{"failure_rates", "2,4,2"}, std::pair{"failure_rates", "2,2.0"},
        std::pair{"checkpoint_writes", "10s,10"}}) {
    try {
      ParseList(Get(name, kSweep), text, kSweep);
      ADD_FAILURE() << name << " " << text;
    } catch (const InputError& e) {
      EXPECT_NE(e.detail().find("repeats value 1"), std::string::npos) << e.detail();
    }
  }
}

}  // namespace
}  // namespace gpufleet::inputs
