#include "runtime/jit/elf_symbol_file.h"

#include <cstring>
#include <string>

#include "runtime/jit/elf_machine.h"

namespace ember {

namespace {

template <typename T>
void appendBytes(std::vector<uint8_t>& out, const T& value) {
  size_t at = out.size();
  out.resize(at + sizeof(T));
  std::memcpy(out.data() + at, &value, sizeof(T));
}

// Appends `name` and its NUL to a string table; returns its offset.
uint32_t addString(std::string& table, const std::string& name) {
  auto offset = static_cast<uint32_t>(table.size());
  table += name;
  table.push_back('\0');
  return offset;
}

void alignTo(std::vector<uint8_t>& out, size_t alignment) {
  while (out.size() % alignment != 0) out.push_back(0);
}

}  // namespace

std::vector<uint8_t> buildElfSymbolFile(uintptr_t codeStart, size_t codeSize,
                                        std::span<const CodeSymbol> symbols) {
  std::string shstrtab(1, '\0');
  std::string strtab(1, '\0');
  elf::SectionHeader sections[elf::kSectionCount] = {};
  sections[elf::kText].name = addString(shstrtab, ".text");
  sections[elf::kSymtab].name = addString(shstrtab, ".symtab");
  sections[elf::kStrtab].name = addString(shstrtab, ".strtab");
  sections[elf::kShstrtab].name = addString(shstrtab, ".shstrtab");

  std::vector<uint8_t> image(sizeof(elf::FileHeader), 0);
  // .symtab: the null symbol, then a function per symbol; values are
  // offsets into .text, whose address is the code's.
  alignTo(image, 8);
  size_t symtabOffset = image.size();
  appendBytes(image, elf::Symbol{});
  for (const CodeSymbol& s : symbols) {
    elf::Symbol symbol = {};
    symbol.name = addString(strtab, s.name);
    symbol.info = elf::kGlobalFunction;
    symbol.sectionIndex = elf::kText;
    symbol.value = s.start - codeStart;
    symbol.size = s.size;
    appendBytes(image, symbol);
  }
  size_t symtabSize = image.size() - symtabOffset;
  size_t strtabOffset = image.size();
  image.insert(image.end(), strtab.begin(), strtab.end());
  size_t shstrtabOffset = image.size();
  image.insert(image.end(), shstrtab.begin(), shstrtab.end());
  alignTo(image, 8);
  size_t sectionHeaderOffset = image.size();

  elf::SectionHeader& text = sections[elf::kText];
  text.type = elf::kSectionNoBits;  // the bytes are in the process, not here
  text.flags = elf::kFlagAlloc | elf::kFlagExec;
  text.address = codeStart;
  text.size = codeSize;
  text.alignment = 16;
  elf::SectionHeader& symtab = sections[elf::kSymtab];
  symtab.type = elf::kSectionSymtab;
  symtab.offset = symtabOffset;
  symtab.size = symtabSize;
  symtab.link = elf::kStrtab;
  symtab.info = 1;  // index of the first global symbol
  symtab.alignment = 8;
  symtab.entrySize = sizeof(elf::Symbol);
  elf::SectionHeader& strings = sections[elf::kStrtab];
  strings.type = elf::kSectionStrtab;
  strings.offset = strtabOffset;
  strings.size = strtab.size();
  strings.alignment = 1;
  elf::SectionHeader& names = sections[elf::kShstrtab];
  names.type = elf::kSectionStrtab;
  names.offset = shstrtabOffset;
  names.size = shstrtab.size();
  names.alignment = 1;
  for (const elf::SectionHeader& section : sections) appendBytes(image, section);

  elf::FileHeader header = {};
  const uint8_t ident[] = {0x7f, 'E', 'L', 'F', 2 /* 64-bit */, 1 /* little-endian */,
                           1 /* version */};
  std::memcpy(header.ident, ident, sizeof ident);
  header.type = elf::kTypeRelocatable;
  header.machine = kHostElfMachine;
  header.version = 1;
  header.sectionHeaderOffset = sectionHeaderOffset;
  header.fileHeaderSize = sizeof(elf::FileHeader);
  header.sectionHeaderSize = sizeof(elf::SectionHeader);
  header.sectionHeaderCount = elf::kSectionCount;
  header.sectionNamesIndex = elf::kShstrtab;
  std::memcpy(image.data(), &header, sizeof header);
  return image;
}

}  // namespace ember
