// `ember compile [OPTIONS] FILE.wasm...`: decode, validate and compile for
// the chosen engine, and report how long it took and how much code came
// out. There is no artifact yet: compiled code is not serialised.
#pragma once

#include <span>
#include <string_view>

namespace ember::tools {

// Returns the process exit code: 0 when every file compiled, 1 otherwise,
// 2 on a usage error.
int runCompileCommand(std::span<const std::string_view> args);

}  // namespace ember::tools
