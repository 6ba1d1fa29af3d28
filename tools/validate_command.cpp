#include "tools/validate_command.h"

#include <cstdio>
#include <string>

#include "tools/file_bytes.h"
#include "tools/format_check.h"

namespace ember::tools {

namespace {

// Prints "ok" or "<class>: <message>" for one file; true when valid.
bool validateFile(const std::string& path, bool prefixName) {
  std::string prefix = prefixName ? path + ": " : std::string();
  auto bytes = readFileBytes(path);
  if (!bytes) {
    std::fprintf(stderr, "%serror: %s\n", prefix.c_str(), bytes.error().message().c_str());
    return false;
  }
  auto module = decodeAndValidate(*bytes);
  if (!module) {
    std::printf("%s%s: %s\n", prefix.c_str(), errorKindName(module.error().kind()),
                module.error().message().c_str());
    return false;
  }
  std::printf("%sok\n", prefix.c_str());
  return true;
}

}  // namespace

int runValidateCommand(std::span<const std::string_view> args) {
  if (args.empty()) {
    std::fprintf(stderr, "usage: ember validate FILE.wasm...\n");
    return 2;
  }
  bool allValid = true;
  for (std::string_view arg : args) allValid &= validateFile(std::string(arg), args.size() > 1);
  return allValid ? 0 : 1;
}

}  // namespace ember::tools
