// x86-64 listings for the golden tests: Zydis through jit/disasm.h, as the
// CLI's objdump prints them.
#include "tests/jit/golden_disasm.h"

namespace ember {

std::string disassembleForGolden(std::span<const uint8_t> code,
                                 std::span<const DisasmDataRange> data) {
  DisasmOptions options;
  options.data = data;
  return disassemble(code, options);
}

}  // namespace ember
