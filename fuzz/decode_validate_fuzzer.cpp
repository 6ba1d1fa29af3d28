// libFuzzer target: any byte string through the decoder and the full
// validator (every function body). Whatever the input, this must return an
// Error or a Module -- never crash, leak, hang or touch memory it does not
// own (AddressSanitizer and UndefinedBehaviorSanitizer watch). What a
// decoded module keeps of its binary must decode to the same module, kept
// whole, and the validator must judge it as it judged the original.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>

#include "runtime/format/decoder.h"
#include "runtime/format/module_validator.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto module = ember::decodeModule(std::span<const uint8_t>(data, size));
  if (!module) return 0;
  auto valid = ember::validateModuleAndBodies(*module);
  auto again = ember::decodeModule(module->bytes);
  if (!again || again->bytes != module->bytes || again->bodies.size() != module->bodies.size() ||
      ember::validateModuleAndBodies(*again).ok() != valid.ok())
    std::abort();
  return 0;
}
