// `ember validate FILE.wasm...`: decode and validate, print `ok` or the error.
#pragma once

#include <span>
#include <string_view>

namespace ember::tools {

// Returns the process exit code: 0 when every file is valid, 1 otherwise,
// 2 on a usage error.
int runValidateCommand(std::span<const std::string_view> args);

}  // namespace ember::tools
