// `ember run FILE.wasm --invoke NAME [ARGS...]`: instantiate a module with
// no imports and call one export, printing its results one per line.
#pragma once

#include <span>
#include <string_view>

namespace ember::tools {

// Returns the process exit code: 0 on success, 1 when loading, linking or
// the call fails (a trap included), 2 on a usage error.
int runRunCommand(std::span<const std::string_view> args);

}  // namespace ember::tools
