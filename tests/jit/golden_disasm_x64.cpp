// x86-64 listings for the golden tests: Zydis through jit/disasm.h, as the
// CLI's objdump prints them.
#include "jit/disasm.h"
#include "tests/jit/golden_disasm.h"

namespace ember {

std::string disassembleForGolden(std::span<const uint8_t> code) { return disassemble(code); }

}  // namespace ember
