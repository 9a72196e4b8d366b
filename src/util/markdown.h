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

// Where a code span goes: GFM splits a table row at '|' before it reads code spans, so in a
// table cell a '|' needs "\|" even inside one (and shows as '|'); anywhere else "\|" inside a
// code span shows literally.
enum class MdPlace { kTableCell, kText };

// `s` in a code span ("`id`"): a line break becomes a space, '|' is escaped in a table cell
// only, and a backtick is kept: the span's fence is one backtick longer than the longest run in
// `s` ("``a`b``"), padded with a space when `s` starts or ends with one. Everything else is kept
// as is, since a code span shows its text literally (no entities, no HTML, no escapes).
std::string MdCode(std::string_view s, MdPlace place = MdPlace::kTableCell);

}  // namespace gpufleet
