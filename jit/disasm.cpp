// Zydis-backed x86-64 disassembler (see disasm.h).
#include "jit/disasm.h"

#include <Zydis/Zydis.h>

#include <algorithm>
#include <cinttypes>
#include <cstdio>

namespace ember {
namespace {

// Decodes one instruction at `offset`; returns its length (1 for a byte
// that does not decode) and its text.
size_t decodeOne(std::span<const uint8_t> code, size_t offset, uint64_t baseAddress,
                 std::string& text) {
  ZydisDisassembledInstruction insn;
  ZyanStatus status = ZydisDisassembleIntel(ZYDIS_MACHINE_MODE_LONG_64, baseAddress + offset,
                                            code.data() + offset, code.size() - offset, &insn);
  if (!ZYAN_SUCCESS(status)) {
    text = "(bad)";
    return 1;
  }
  text = insn.text;
  return insn.info.length;
}

}  // namespace

std::vector<std::string> disassembleInstructions(std::span<const uint8_t> code,
                                                 uint64_t baseAddress) {
  std::vector<std::string> lines;
  std::string text;
  for (size_t offset = 0; offset < code.size();) {
    offset += decodeOne(code, offset, baseAddress, text);
    lines.push_back(text);
  }
  return lines;
}

std::string disassemble(std::span<const uint8_t> code, const DisasmOptions& options) {
  std::string out;
  std::string text;
  for (size_t offset = 0; offset < code.size();) {
    size_t length = decodeOne(code, offset, options.baseAddress, text);
    char prefix[64];
    if (options.showOffsets) {
      std::snprintf(prefix, sizeof prefix, "%6" PRIx64 ": ", options.baseAddress + offset);
      out += prefix;
    }
    if (options.showBytes) {
      std::string bytes;
      for (size_t i = 0; i < length; i++) {
        std::snprintf(prefix, sizeof prefix, "%02x ", code[offset + i]);
        bytes += prefix;
      }
      bytes.resize(std::max<size_t>(bytes.size(), 3 * 10), ' ');  // align up to 10 bytes
      out += bytes;
    }
    out += text;
    out += '\n';
    offset += length;
  }
  return out;
}

}  // namespace ember
