#include "cli/report_output.h"

namespace gpufleet::cli {

std::string RenderReport(const report::Report& r, Format f) {
  switch (f) {
    case Format::kJson:
      return report::RenderJson(r);
    case Format::kMarkdown:
    case Format::kHtml:
      return report::RenderMarkdown(r);
    case Format::kText:
      break;
  }
  return report::RenderText(r);
}

}  // namespace gpufleet::cli
