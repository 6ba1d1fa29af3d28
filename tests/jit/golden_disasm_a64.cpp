// AArch64 listings for the golden tests: capstone (Debian's libcapstone-dev).
// A word of data, or one that does not decode, prints as `.word`.
#include <capstone/capstone.h>

#include <cinttypes>
#include <cstdio>

#include "tests/jit/golden_disasm.h"

namespace ember {

std::string disassembleForGolden(std::span<const uint8_t> code,
                                 std::span<const DisasmDataRange> data) {
  csh handle;
  if (cs_open(CS_ARCH_ARM64, CS_MODE_LITTLE_ENDIAN, &handle) != CS_ERR_OK)
    return "capstone: cannot open AArch64\n";
  std::string out;
  char line[256];
  cs_insn* insn = cs_malloc(handle);
  const uint8_t* p = code.data();
  size_t left = code.size();
  uint64_t address = 0;
  while (left >= 4) {
    while (!data.empty() && data.front().end <= address) data = data.subspan(1);
    const bool isData = !data.empty() && data.front().begin <= address;
    if (!isData && cs_disasm_iter(handle, &p, &left, &address, insn)) {
      std::snprintf(line, sizeof line, "%6" PRIx64 ": %s %s\n", insn->address, insn->mnemonic,
                    insn->op_str);
    } else {
      uint32_t word = uint32_t{p[0]} | uint32_t{p[1]} << 8 | uint32_t{p[2]} << 16 |
                      uint32_t{p[3]} << 24;
      std::snprintf(line, sizeof line, "%6" PRIx64 ": .word 0x%08x\n", address, word);
      p += 4;
      left -= 4;
      address += 4;
    }
    out += line;
  }
  cs_free(insn, 1);
  cs_close(&handle);
  return out;
}

}  // namespace ember
