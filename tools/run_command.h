// `ember run [OPTIONS] FILE.wasm [ARGS...]`: run a WASI command, or call
// one export with --invoke and print its results (see kUsage).
#pragma once

#include <span>
#include <string_view>

namespace ember::tools {

// Returns the process exit code: the guest's exit code, 1 when loading or
// linking fails, 134 on a trap, 2 on a usage error.
int runRunCommand(std::span<const std::string_view> args);

}  // namespace ember::tools
