// Splitting a text into sentences for the extractor and for claim files' `sentence` numbers.
#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>
#include <vector>

#include "gpufleet/extract.h"

namespace gpufleet::claims {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// Upper-case letter (ASCII or Latin-1 in UTF-8), a digit or an opening quote at s[i].
bool StartsSentence(std::string_view s, size_t i) {
  if (i >= s.size()) return false;
  const auto c = static_cast<unsigned char>(s[i]);
  if (std::isupper(c) || std::isdigit(c) || c == '"' || c == '\'' || c == '(') return true;
  if (c == 0xC3 && i + 1 < s.size()) {
    const auto d = static_cast<unsigned char>(s[i + 1]);
    return d >= 0x80 && d <= 0x9E;
  }
  // “ (E2 80 9C), « (C2 AB), ‘ (E2 80 98)
  return s.substr(i, 3) == "\xE2\x80\x9C" || s.substr(i, 2) == "\xC2\xAB" ||
         s.substr(i, 3) == "\xE2\x80\x98";
}

bool EndsWithAbbreviation(const std::string& s) {
  // German and French scale and "about" abbreviations too: "300 Mio. Euro" ended a sentence
  // before "Euro" (found by an adversarial tester).
  static const char* abbreviations[] = {"e.g", "i.e", "es",  "ecc", "etc", "mr",     "mrs",  "dr",
                                        "st",  "vs",  "no",  "nr",  "sig", "dott",   "prof", "p.es",
                                        "mio", "mrd", "tsd", "ca",  "env", "approx", "bzw"};
  size_t start = s.find_last_of(" (\"");
  std::string word = s.substr(start == std::string::npos ? 0 : start + 1);
  for (char& c : word) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const char* a : abbreviations) {
    if (word == a) return true;
  }
  return false;
}

// Closing quotes/brackets that may follow the final punctuation: ” » " ' ).
size_t SkipClosers(std::string_view s, size_t i) {
  while (i < s.size()) {
    if (s.substr(i, 3) == "\xE2\x80\x9D" || s.substr(i, 3) == "\xE2\x80\x99") {
      i += 3;
    } else if (s.substr(i, 2) == "\xC2\xBB") {
      i += 2;
    } else if (s[i] == '"' || s[i] == '\'' || s[i] == ')') {
      ++i;
    } else {
      break;
    }
  }
  return i;
}

bool EndsWithPunctuation(std::string_view line) {
  while (!line.empty() && IsSpace(line.back())) line.remove_suffix(1);
  if (line.empty()) return true;
  if (line.size() >= 3 && line.substr(line.size() - 3) == "\xE2\x80\x9D") line.remove_suffix(3);
  if (line.empty()) return true;
  const char c = line.back();
  return c == '.' || c == '!' || c == '?' || c == ':' || c == ';';
}

int Words(std::string_view line) {
  int n = 0;
  bool in = false;
  for (char c : line) {
    if (IsSpace(c)) {
      in = false;
    } else if (!in) {
      in = true;
      ++n;
    }
  }
  return n;
}

// The length of a list item's marker at the start of `line` (after any indent), with the blank
// after it: "- ", "* ", "• ", "– " or "1. ", "12) "; 0 if the line is no list item.
size_t ListMarker(std::string_view line) {
  size_t i = 0;
  while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
  const std::string_view rest = line.substr(i);
  size_t n = 0;
  for (std::string_view bullet : {"-", "*", "\xE2\x80\xA2", "\xE2\x80\x93"}) {
    if (rest.starts_with(bullet)) n = bullet.size();
  }
  if (n == 0) {
    while (n < rest.size() && n < 3 && std::isdigit(static_cast<unsigned char>(rest[n]))) ++n;
    if (n == 0 || n >= rest.size() || (rest[n] != '.' && rest[n] != ')')) return 0;
    ++n;
  }
  if (n >= rest.size() || (rest[n] != ' ' && rest[n] != '\t')) return 0;
  return i + n + 1;
}

// Whether `line` is a Markdown table row: its first character after any indent is '|'.
bool TableRow(std::string_view line) {
  const size_t i = line.find_first_not_of(" \t");
  return i != std::string_view::npos && line[i] == '|';
}

// Lines joined where a sentence runs over a line break; '\n' kept where a sentence must end,
// before each list item and after one, unless the next line continues it, and around each table
// row: "- H100 SXM: 700 W" and "- H100 PCIe: 350 W" on two lines were one sentence, and each
// power was checked against the last GPU named (found by an adversarial tester).
std::string JoinLines(std::string_view text) {
  std::string out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    std::string_view line = text.substr(start, end == std::string_view::npos ? end : end - start);
    out += line;
    if (end == std::string_view::npos) break;
    const size_t next_end = text.find('\n', end + 1);
    const std::string_view next =
        text.substr(end + 1, next_end == std::string_view::npos ? next_end : next_end - end - 1);
    // A list item ends before a line that starts a sentence (a heading or a paragraph after the
    // list); a lower-case line continues it.
    const size_t indent = std::min(next.find_first_not_of(" \t"), next.size());
    const bool ends_item = ListMarker(line) > 0 && StartsSentence(next, indent);
    // A table row is its own sentence: the rows were one, each value taking the GPU of the row
    // before it (found by an adversarial tester).
    out += (EndsWithPunctuation(line) || Words(line) < 4 || ListMarker(next) > 0 || ends_item ||
            TableRow(line) || TableRow(next))
               ? '\n'
               : ' ';
    start = end + 1;
  }
  return out;
}

void Push(std::vector<Sentence>& out, const std::string& raw) {
  std::string s;
  for (char c : raw) {
    if (IsSpace(c)) {
      if (!s.empty() && s.back() != ' ') s += ' ';
    } else {
      s += c;
    }
  }
  while (!s.empty() && s.back() == ' ') s.pop_back();
  if (!s.empty()) out.push_back(Sentence{static_cast<int>(out.size()) + 1, s});
}

}  // namespace

std::vector<Sentence> SplitSentences(std::string_view input) {
  // A lone CR ends a line as LF does (classic Mac files were one sentence; found by an
  // adversarial tester); CR LF is one line end.
  std::string lines;
  lines.reserve(input.size());
  for (size_t i = 0; i < input.size(); ++i) {
    if (input[i] == '\r') {
      lines += '\n';
      if (i + 1 < input.size() && input[i + 1] == '\n') ++i;
    } else {
      lines += input[i];
    }
  }
  const std::string text = JoinLines(lines);
  std::vector<Sentence> out;
  std::string current;
  bool line_start = true;  // `current` began at the start of a line
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\n') {
      Push(out, current);
      current.clear();
      line_start = true;
      continue;
    }
    current += c;
    if (c != '.' && c != '!' && c != '?') continue;
    // A numbered item's marker ("2. H100 SXM: 700 W") stays with its item: it ended the
    // sentence before it, showing "A100 SXM: 400 W 2." (found by an adversarial tester).
    if (c == '.' && line_start && ListMarker(current + ' ') == current.size() + 1) continue;
    size_t j = SkipClosers(text, i + 1);
    if (j >= text.size() || !IsSpace(text[j])) continue;  // "1.300", "e.g.x"
    size_t k = j;
    while (k < text.size() && text[k] == ' ') ++k;
    if (k < text.size() && text[k] != '\n' && !StartsSentence(text, k)) continue;
    if (c == '.' && EndsWithAbbreviation(current.substr(0, current.size() - 1))) continue;
    current.append(text, i + 1, j - i - 1);
    Push(out, current);
    current.clear();
    line_start = false;
    i = j - 1;
  }
  Push(out, current);
  return out;
}

}  // namespace gpufleet::claims
