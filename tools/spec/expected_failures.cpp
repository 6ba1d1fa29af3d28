#include "tools/spec/expected_failures.h"

#include <cerrno>
#include <cstdlib>

namespace ember::tools {

namespace {

std::string_view trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string_view::npos) return {};
  size_t e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

// Splits off the first whitespace-separated word of `rest`.
std::string_view nextWord(std::string_view& rest) {
  rest = trim(rest);
  size_t end = rest.find_first_of(" \t");
  std::string_view word = rest.substr(0, end);
  rest = end == std::string_view::npos ? std::string_view() : rest.substr(end);
  return word;
}

Result<ExpectedFailure> parseEntry(std::string_view text, uint32_t listLine) {
  auto bad = [listLine](const std::string& what) {
    return Error(ErrorKind::Malformed,
                 formatText("expected-failures line %u: ", listLine) + what);
  };
  ExpectedFailure entry;
  entry.listLine = listLine;
  std::string_view rest = text;
  std::string_view location = nextWord(rest);
  size_t colon = location.rfind(':');
  if (colon == std::string_view::npos || colon == 0) return bad("expected FILE:LINE");
  entry.file = std::string(location.substr(0, colon));
  std::string lineText(location.substr(colon + 1));
  char* end = nullptr;
  errno = 0;
  unsigned long line = std::strtoul(lineText.c_str(), &end, 10);
  if (lineText.empty() || *end != '\0' || errno != 0 || line == 0 || line > UINT32_MAX)
    return bad("bad line number '" + lineText + "'");
  entry.line = static_cast<uint32_t>(line);
  std::string_view afterLocation = rest;
  std::string_view word = nextWord(rest);
  if (word.starts_with("@")) {
    entry.engine = std::string(word.substr(1));
    if (entry.engine != "interp" && entry.engine != "jit" && entry.engine != "none")
      return bad("unknown engine '" + entry.engine + "'");
  } else {
    rest = afterLocation;
  }
  entry.reason = std::string(trim(rest));
  if (entry.reason.empty()) return bad("an entry needs a reason");
  return entry;
}

}  // namespace

bool pathEndsWith(std::string_view path, std::string_view suffix) {
  if (suffix.empty() || suffix.size() > path.size() || suffix.front() == '/') return false;
  if (!path.ends_with(suffix)) return false;
  return path.size() == suffix.size() || path[path.size() - suffix.size() - 1] == '/';
}

Result<ExpectedFailures> ExpectedFailures::parse(std::string_view text) {
  ExpectedFailures list;
  uint32_t listLine = 0;
  while (!text.empty()) {
    size_t eol = text.find('\n');
    std::string_view line = text.substr(0, eol);
    text = eol == std::string_view::npos ? std::string_view() : text.substr(eol + 1);
    ++listLine;
    line = trim(line.substr(0, line.find('#')));
    if (line.empty()) continue;
    auto entry = parseEntry(line, listLine);
    if (!entry) return entry.takeError();
    list.entries_.push_back(std::move(*entry));
  }
  return list;
}

bool ExpectedFailures::appliesTo(const ExpectedFailure& entry, std::string_view scriptPath,
                                 std::string_view engine) {
  return (entry.engine.empty() || entry.engine == engine) && pathEndsWith(scriptPath, entry.file);
}

int ExpectedFailures::find(std::string_view scriptPath, uint32_t line,
                           std::string_view engine) const {
  for (size_t i = 0; i < entries_.size(); ++i)
    if (entries_[i].line == line && appliesTo(entries_[i], scriptPath, engine))
      return static_cast<int>(i);
  return -1;
}

}  // namespace ember::tools
