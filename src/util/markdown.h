// The one escaper for text put into Markdown (reports, claims, articles, tables).
#pragma once

#include <string>
#include <string_view>

namespace gpufleet {

// `s` as inline Markdown text that stays where it is put: a table cell, a list item, a heading.
// '|' is escaped (it would end a cell), a line break becomes a space (it would end the row or
// the item), '<' becomes "&lt;" (a cell never carries raw HTML: "<img onerror=...>" from a claims
// file shows as text), '\' becomes "\\" (so that "\|" stays a backslash and a pipe). Everything
// else is kept, so ordinary text reads as before.
std::string MdText(std::string_view s);

// `s` in a code span ("`id`"): a line break becomes a space, '|' is escaped (the table's cell
// split comes first), a backtick, which would end the span, becomes "'"; everything else is kept
// as is, since a code span shows its text literally (no entities, no HTML, no escapes).
std::string MdCode(std::string_view s);

}  // namespace gpufleet
