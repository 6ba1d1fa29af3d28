// The list of spec commands known to fail (tests/spec/expected-failures.txt),
// so a spec run fails only on new failures and reports entries that have
// started to pass.
//
// Format, one entry per line; `#` starts a comment, blank lines are ignored:
//
//     FILE:LINE [@ENGINE] REASON...
//
// FILE names a script's .json by its trailing path components, e.g.
// `core/elem.json` or `proposals/memory64/memory.json`; an entry applies to
// every script whose path ends with those components. LINE is the command's
// "line" field (its line in the .wast). The optional `@interp`, `@jit` or
// `@none` restricts the entry to one engine. REASON is free text, required.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/format/error.h"

namespace ember::tools {

struct ExpectedFailure {
  std::string file;    // trailing path components of the script
  uint32_t line = 0;   // the command's line in the .wast
  std::string engine;  // empty: every engine
  std::string reason;
  uint32_t listLine = 0;  // where the entry sits in the list, for messages
};

class ExpectedFailures {
 public:
  // ErrorKind::Malformed naming the list line of a bad entry.
  static Result<ExpectedFailures> parse(std::string_view text);

  // Index of the entry covering the command at `line` of the script at
  // `scriptPath` under `engine`, or -1.
  int find(std::string_view scriptPath, uint32_t line, std::string_view engine) const;
  static bool appliesTo(const ExpectedFailure& entry, std::string_view scriptPath,
                        std::string_view engine);

  const std::vector<ExpectedFailure>& entries() const { return entries_; }

 private:
  std::vector<ExpectedFailure> entries_;
};

// Whether `path` ends with the path components of `suffix` ("a/b/c.json"
// ends with "b/c.json" and "c.json", but not with "/c.json" or "bc.json").
bool pathEndsWith(std::string_view path, std::string_view suffix);

}  // namespace ember::tools
