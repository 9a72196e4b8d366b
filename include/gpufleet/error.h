// Errors. Bad input (a malformed file, an unknown GPU, a negative count, NaN, an absurd
// magnitude) is reported by throwing InputError; the CLI turns it into one message on stderr
// and exit status 2. Anything else that escapes is a bug.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace gpufleet {

// Where a bad value came from. Every field is optional; what() joins the known ones:
// "scenario.toml:12:9: 'fleet.count': must be > 0, got -3" (file:line:column, as compilers
// write it; the column only with a line).
struct Where {
  std::string file;   // a path, "<flag>", "<http>" or empty
  int line = 0;       // 1-based; 0 when unknown
  std::string field;  // a TOML key path, a flag name (--count) or a JSON field
  int column = 0;     // 1-based; 0 when unknown (TOML readers: util/toml_util.h sets it)

  // Whether `file` names a file. "<flag>" and "<http>" say which front end a value came from
  // (Respell spells the field for it); they are not places a reader can open, so what() leaves
  // them out, and a field of theirs is an input name, not a key of a file.
  bool names_file() const { return !file.empty() && file != "<flag>" && file != "<http>"; }
};

class InputError : public std::runtime_error {
 public:
  InputError(Where where, const std::string& message);
  explicit InputError(const std::string& message) : InputError(Where{}, message) {}

  const Where& where() const { return where_; }
  // The message without the location prefix.
  const std::string& detail() const { return detail_; }

 private:
  Where where_;
  std::string detail_;
};

// A request whose work exceeds its budget (simulated events, claims evaluations): an input error
// the server answers with 413 rather than 400.
class WorkBudgetError : public InputError {
 public:
  using InputError::InputError;
};

// Throws InputError about `field` of a value given through the library's API (no file, no line).
[[noreturn]] void ThrowFieldError(const std::string& field, const std::string& message);

// `s` with every control character made visible, so that text echoed from a file or an argument
// cannot drive the terminal (clear it, set its title, forge a line): C0 controls become \xNN,
// DEL and the UTF-8 encoded C1 controls (U+0080..U+009F) \u007f and \u0080..\u009f (valid
// JSON escapes of themselves: JSON output passes through this too). Everything else,
// backslashes and invalid UTF-8 included, is kept, so escaping twice changes nothing.
std::string EscapeControls(std::string_view s);

// The bytes of the control character EscapeControls makes visible that starts at s[i]: 1 for a
// C0 control or DEL, 2 for a UTF-8 encoded C1 control, 0 for anything else (or i past the end).
size_t ControlCharBytes(std::string_view s, size_t i);

// Exit status for bad input, everywhere in the CLI.
inline constexpr int kExitBadInput = 2;

}  // namespace gpufleet
