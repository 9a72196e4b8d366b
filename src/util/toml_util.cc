#include "util/toml_util.h"

#include "gpufleet/error.h"

namespace gpufleet {

toml::table ParseTomlFile(std::string_view text, const std::string& file) {
  try {
    return toml::parse(text, file);
  } catch (const toml::parse_error& e) {
    const auto& b = e.source().begin;
    throw InputError(Where{file, static_cast<int>(b.line), ""},
                     "malformed TOML at column " + std::to_string(b.column) + ": " +
                         std::string(e.description()));
  }
}

std::optional<double> NumberValue(const toml::node& n) {
  if (const auto* i = n.as_integer()) return static_cast<double>(i->get());
  if (const auto* f = n.as_floating_point()) return f->get();
  return std::nullopt;
}

}  // namespace gpufleet
