#include "tools/format_check.h"

#include "runtime/format/decoder.h"
#include "runtime/format/module_validator.h"

namespace ember::tools {

Result<Module> decodeAndValidate(std::span<const uint8_t> bytes) {
  auto module = decodeModule(bytes);
  if (!module) return module.takeError();
  auto valid = validateModuleAndBodies(*module);
  if (!valid) return valid.takeError();
  return module;
}

}  // namespace ember::tools
