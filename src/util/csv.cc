#include "util/csv.h"

#include <charconv>

namespace gpufleet {
namespace {

bool IsNumber(std::string_view s) {
  double x = 0;
  const char* begin = s.data() + (!s.empty() && s.front() == '+');
  const auto [end, ec] = std::from_chars(begin, s.data() + s.size(), x);
  return ec == std::errc() && end == s.data() + s.size() && begin != end;
}

}  // namespace

std::string CsvCell(std::string_view s) {
  std::string text;
  if (!s.empty() && std::string_view("=+-@\t\r").find(s.front()) != std::string_view::npos &&
      !IsNumber(s)) {
    text = "'";
  }
  text += s;
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace gpufleet
