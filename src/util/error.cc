#include "gpufleet/error.h"

#include "util/escape.h"

namespace gpufleet {
namespace {

std::string Format(const Where& w, const std::string& message) {
  std::string out;
  if (w.names_file()) {
    out += w.file;
    if (w.line > 0) out += ":" + std::to_string(w.line);
    if (w.line > 0 && w.column > 0) out += ":" + std::to_string(w.column);
    out += ": ";
  } else if (w.line > 0) {
    out += "line " + std::to_string(w.line);
    if (w.column > 0) out += ", column " + std::to_string(w.column);
    out += ": ";
  }
  if (!w.field.empty()) out += "'" + w.field + "': ";
  return EscapeControls(out + message);
}

}  // namespace

namespace {

std::string Escape(std::string_view s, bool keep_lines) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    const size_t control = ControlCharBytes(s, i);
    if (control == 0 || (keep_lines && (c == '\n' || c == '\t'))) {
      out += static_cast<char>(c);
    } else if (c == 0x7f) {
      // As \u007f, not \x7f: every output is escaped on its way out, JSON too, where \x7f is
      // not an escape (invalid JSON, found by an adversarial tester) and \u007f is DEL itself.
      out += "\\u007f";
    } else if (control == 1) {
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 15];
    } else {  // a C1 control, U+0080..U+009F
      const auto d = static_cast<unsigned char>(s[++i]);
      out += "\\u00";
      out += kHex[d >> 4];
      out += kHex[d & 15];
    }
  }
  return out;
}

}  // namespace

size_t ControlCharBytes(std::string_view s, size_t i) {
  if (i >= s.size()) return 0;
  const auto c = static_cast<unsigned char>(s[i]);
  if (c < 0x20 || c == 0x7f) return 1;
  if (c == 0xc2 && i + 1 < s.size()) {
    const auto d = static_cast<unsigned char>(s[i + 1]);
    if (d >= 0x80 && d <= 0x9f) return 2;
  }
  return 0;
}

std::string EscapeControls(std::string_view s) { return Escape(s, false); }

std::string EscapeControlsKeepingLines(std::string_view s) { return Escape(s, true); }

InputError::InputError(Where where, const std::string& message)
    : std::runtime_error(Format(where, message)),
      where_(std::move(where)),
      detail_(EscapeControls(message)) {}

void ThrowFieldError(const std::string& field, const std::string& message) {
  throw InputError(Where{"", 0, field}, message);
}

}  // namespace gpufleet
