// A minimal in-memory ELF64 object that describes one module's JIT code to
// a debugger: a .text section of type SHT_NOBITS whose address is the code's
// own (the debugger reads the bytes from the process), and a global
// STT_FUNC symbol per function. Relocatable (ET_REL) with section-relative
// symbol values, the shape LuaJIT's and other JITs' GDB objects take: GDB
// loads such an object at its sections' addresses as given.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "runtime/jit/code_symbols.h"

namespace ember {

// The ELF layout, shared with the test that parses the image.
namespace elf {
struct FileHeader {
  uint8_t ident[16];
  uint16_t type;
  uint16_t machine;
  uint32_t version;
  uint64_t entry;
  uint64_t programHeaderOffset;
  uint64_t sectionHeaderOffset;
  uint32_t flags;
  uint16_t fileHeaderSize;
  uint16_t programHeaderSize;
  uint16_t programHeaderCount;
  uint16_t sectionHeaderSize;
  uint16_t sectionHeaderCount;
  uint16_t sectionNamesIndex;
};
static_assert(sizeof(FileHeader) == 64);

struct SectionHeader {
  uint32_t name;
  uint32_t type;
  uint64_t flags;
  uint64_t address;
  uint64_t offset;
  uint64_t size;
  uint32_t link;
  uint32_t info;
  uint64_t alignment;
  uint64_t entrySize;
};
static_assert(sizeof(SectionHeader) == 64);

struct Symbol {
  uint32_t name;
  uint8_t info;
  uint8_t other;
  uint16_t sectionIndex;
  uint64_t value;
  uint64_t size;
};
static_assert(sizeof(Symbol) == 24);

inline constexpr uint16_t kTypeRelocatable = 1;  // ET_REL
inline constexpr uint32_t kSectionProgBits = 1, kSectionSymtab = 2, kSectionStrtab = 3,
                          kSectionNoBits = 8;
inline constexpr uint64_t kFlagAlloc = 2, kFlagExec = 4;
inline constexpr uint8_t kGlobalFunction = (1 << 4) | 2;  // STB_GLOBAL, STT_FUNC
// Section indices of the object built below.
inline constexpr uint16_t kText = 1, kSymtab = 2, kStrtab = 3, kShstrtab = 4, kSectionCount = 5;
}  // namespace elf

// The object for code at [codeStart, codeStart + codeSize) with `symbols`
// (which must lie inside it).
std::vector<uint8_t> buildElfSymbolFile(uintptr_t codeStart, size_t codeSize,
                                        std::span<const CodeSymbol> symbols);

}  // namespace ember
