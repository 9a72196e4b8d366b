// The output formats every result document can be rendered in (report.h: Render).
#pragma once

#include <string_view>

namespace gpufleet {

enum class Format { kText, kJson, kMarkdown, kHtml, kCsv };

// "text", "json", "md", "html", "csv".
std::string_view ToString(Format f);

}  // namespace gpufleet
