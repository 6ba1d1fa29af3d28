// Reads a whole file into memory for the CLI commands. Failures (missing,
// unreadable, a directory) come back as ErrorKind::Io errors naming the path.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "runtime/format/error.h"

namespace ember::tools {

Result<std::vector<uint8_t>> readFileBytes(const std::string& path);
Result<std::string> readFileText(const std::string& path);
// Writes `bytes` as the whole file; false if it cannot.
bool writeFileBytes(const std::string& path, std::span<const uint8_t> bytes);

}  // namespace ember::tools
