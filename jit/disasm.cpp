// Zydis-backed x86-64 disassembler (see disasm.h).
#include "jit/disasm.h"

#include <Zydis/Zydis.h>

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <cstring>

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

// The text of the data at `offset`, up to `end`: one aligned quadword, or
// the bytes before the next alignment. Returns its length.
size_t describeData(std::span<const uint8_t> code, size_t offset, size_t end, uint64_t address,
                    std::string& text) {
  char item[32];
  if (address % 8 == 0 && end - offset >= 8) {
    uint64_t value;
    std::memcpy(&value, code.data() + offset, sizeof value);
    std::snprintf(item, sizeof item, ".quad 0x%016" PRIx64, value);
    text = item;
    return 8;
  }
  const size_t length = std::min<size_t>(end - offset, 8 - address % 8);
  text = ".byte ";
  for (size_t i = 0; i < length; i++) {
    std::snprintf(item, sizeof item, i ? ", 0x%02x" : "0x%02x", code[offset + i]);
    text += item;
  }
  return length;
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
  const DisasmDataRange* data = options.data.data();
  const DisasmDataRange* dataEnd = data + options.data.size();
  for (size_t offset = 0; offset < code.size();) {
    const uint64_t address = options.baseAddress + offset;
    while (data != dataEnd && data->end <= address) data++;
    size_t length;
    if (data != dataEnd && data->begin <= address) {
      const size_t end = std::min<size_t>(code.size(), data->end - options.baseAddress);
      length = describeData(code, offset, end, address, text);
    } else {
      // An instruction never runs into the data after it.
      const size_t limit = data != dataEnd && data->begin - options.baseAddress < code.size()
                               ? data->begin - options.baseAddress
                               : code.size();
      length = decodeOne(code.first(limit), offset, options.baseAddress, text);
    }
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
