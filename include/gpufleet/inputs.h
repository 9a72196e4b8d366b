// The input table: every input of `fleet`, `train`, `sweep` and `infer`, with one canonical name,
// its unit, kind, domain (and why), default and help text. The front ends derive their spelling
// from the canonical name: the CLI flag (`checkpoint_write_s` -> `--checkpoint-write`), the HTTP
// API field
// (`checkpoint_write_s`), later Python keyword arguments. They parse with Parse() and check with
// Check(), so a value means the same and fails the same on every front end.
//
// Errors: InputError with Where::field = the canonical name. Core code names other inputs inside a
// message with Mention("params") ("`params`"); each front end re-spells both with Respell().
// Adding an input: one row in src/model/inputs.cc, the code that reads it (a FleetInputs accessor
// in src/model/input_names.cc, or the line of src/sim/training_inputs.cc that fills TrainingInputs
// or ReliabilityOptions), and nothing in the front ends (docs/architecture.md, "Inputs").
#pragma once

#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gpufleet/error.h"
#include "gpufleet/interval.h"

namespace gpufleet::inputs {

enum class Kind {
  kNumber,    // one number, SI suffixes allowed (350k, 2T)
  kInterval,  // a number or a range: lo..hi, lo..x..hi
  kDuration,  // the duration grammar (ParseDuration); a bare number is in the input's unit
  kCount,     // a whole number
  kId,        // a catalog or failure-model id (text)
  kSwitch,    // present or not (a CLI flag without a value); never a value
  kList,      // comma-separated values of another input (Input::element), each with its domain
};

// Which commands take an input, as a bit set.
enum Command : unsigned {
  kFleet = 1,
  kTrain = 2,
  kSweep = 4,
  kTraining = kTrain | kSweep,
  kInfer = 8,  // gpufleet infer, /api/infer (infer.h)
  kFit = 16,   // gpufleet fit, /api/fit (fit.h)
};
// Which front ends offer it. An input missing from one says why in its help text.
enum FrontEnd : unsigned { kCli = 1, kApi = 2, kBoth = kCli | kApi };

inline constexpr double kInf = std::numeric_limits<double>::infinity();

// Valid values, in the input's unit (durations: in seconds), for every number of a range (low,
// value, high): min (exclusive when min_exclusive) .. max (inclusive).
struct Domain {
  double min = -kInf;
  double max = kInf;
  bool min_exclusive = false;
  bool integer = false;  // whole numbers only
  bool point = false;    // one value, no range
  bool zero_ok = false;  // 0 is valid as well (an off switch), although below `min`
  const char* why = "";  // the reason for the bounds, shown in --help and the docs
};

struct Input {
  const char* name;  // canonical: snake_case, with its unit when it has one (restart_s)
  const char* unit;  // unit of a bare number ("s", "W", "GPUs"; "" if none); a duration's domain
                     // is in seconds whatever its unit
  Kind kind;
  Domain domain;
  const char* default_text;  // as a user would type it; nullptr: absent unless given
  const char* help;
  unsigned commands;
  unsigned front_ends = kBoth;
  const char* element = nullptr;  // kList: the input (same command) each value is read as
};

// Every input, fleet's first, in the order --help lists them. A name appears at most once per
// command (count and mfu have one row for fleet and one for train/sweep: different domains).
const std::vector<Input>& All();
// The inputs of `command` (one bit of Command) offered by `front_end`.
std::vector<const Input*> For(Command command, FrontEnd front_end);
// The row of `name` for `command`, or nullptr.
const Input* Find(std::string_view name, Command command);
// Same, throwing InputError (field = name) for an unknown name.
const Input& Get(std::string_view name, Command command);

// Spellings. Flag: "--" + name with '_' -> '-', dropping a duration's unit suffix (its text
// carries its own unit): checkpoint_write_s -> --checkpoint-write, gpu_power_w -> --gpu-power-w.
std::string FlagName(const Input& in);
std::string FieldName(const Input& in);  // the canonical name
// The help text with the domain and its reason, for --help and the docs: "Time to write one
// checkpoint (...) [0 or 0.001..10000000 s; a bare number is in s; 0 (free checkpoints) or ...]".
std::string Help(const Input& in);
// The domain alone: "> 0, <= 1000000000", "1..10000000, whole", "0 or 3600..3155760000 s"
// (durations in seconds; empty for ids and switches).
std::string DomainText(const Input& in);

// The default a command gives `in` on the CLI and in Python: the table's, except where one
// command differs (sweep: 200 replicas, each point is a whole simulation). nullptr when absent.
// The HTTP server keeps smaller ones of its own (serve.h, ApiOptions::server_defaults).
const char* DefaultFor(const Input& in, Command command);

// "`name`": how core code names an input inside a message.
std::string Mention(std::string_view name);

enum class Spelling { kCanonical, kCli, kApi };
// The message with every Mention of a known input spelt for `s` ("`tokens`" -> "--tokens").
std::string Respell(std::string_view message, Spelling s);
// The error with its field (when it is an input's name and the error is not about a file) and
// message spelt for `s`.
InputError Respell(const InputError& e, Spelling s);

// Parses `text` as `in` (by its kind: number, range, duration, count) and checks the domain.
// A duration comes back in seconds. Throws InputError with field = in.name.
Interval Parse(const Input& in, std::string_view text);
// The range `text` ("x", "lo..hi", "lo..x..hi") as input `in` reads it, its domain not checked
// (Parse checks it; a file's reader leaves that to Validate). A whole-number input's two-point
// range lo..hi of whole ends has the midpoint rounded down as its central value (1..2 is 1,
// 1..8 is 4): every front end (flags, query strings, JSON, Python, scenario files) reads a count
// this one way. Throws InputError with field = in.name on a malformed range.
Interval ParseRange(const Input& in, std::string_view text);
// Parses a kList input: `text` split at commas, each part parsed and checked as the input
// `in.element` of `command` (at least one value, at most 16). Throws InputError with field =
// in.name, saying which value is wrong.
std::vector<Interval> ParseList(const Input& in, std::string_view text, Command command);
// Checks a value already in the input's unit (durations: in seconds), from a file or the catalog.
void Check(const Input& in, const Interval& v);
// The default as a value (nullopt when there is none or the default is not a number).
std::optional<Interval> Default(const Input& in);

// Inputs given to one command: canonical name -> text (flags, query strings) or value (JSON),
// looked up with the table's parse, check and default. Throws InputError naming the input.
class Given {
 public:
  explicit Given(Command command) : command_(command) {}
  void SetText(std::string name, std::string text);
  void SetValue(std::string name, Interval value);
  void SetDefault(std::string name, std::string text);  // a command's own default (sweep)
  bool Has(std::string_view name) const;
  // The given value, else the default, else nullopt.
  std::optional<Interval> Value(std::string_view name) const;
  // Same, for inputs that always have a default.
  double Point(std::string_view name) const;
  // The text given, else the default text, else "" (ids, switches).
  std::string Text(std::string_view name) const;
  // A kList input's values (ParseList); empty when not given.
  std::vector<Interval> List(std::string_view name) const;
  // Parses and checks every number given, so a bad one is reported before any work starts.
  void CheckAll() const;
  Command command() const { return command_; }

 private:
  Command command_;
  std::map<std::string, std::string, std::less<>> text_, defaults_;
  std::map<std::string, Interval, std::less<>> value_;
};

}  // namespace gpufleet::inputs
