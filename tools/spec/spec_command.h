// `ember spec [options] PATH...`: runs wast2json scripts and prints one
// row of counts per script, the expected-failure bookkeeping, and a last
// line `N passed, N failed, N skipped`.
#pragma once

#include <span>
#include <string_view>

namespace ember::tools {

// Returns the process exit code: 0 when every failure is an expected one,
// 1 otherwise (or when a script cannot be read), 2 on a usage error.
int runSpecCommand(std::span<const std::string_view> args);

}  // namespace ember::tools
