#include "gpufleet/error.h"

namespace gpufleet {
namespace {

std::string Format(const Where& w, const std::string& message) {
  std::string out;
  if (!w.file.empty()) {
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
  return out + message;
}

}  // namespace

InputError::InputError(Where where, const std::string& message)
    : std::runtime_error(Format(where, message)), where_(std::move(where)), detail_(message) {}

}  // namespace gpufleet
