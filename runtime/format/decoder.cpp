// The module decoder's top level (spec 5.5.16 "modules"): the header, the
// section sequence and its order, custom sections, and the checks that
// span sections. The sections themselves are in section_decoders.cpp,
// segment_decoders.cpp and code_section.cpp.
#include "runtime/format/decoder.h"

#include <algorithm>
#include <cstring>
#include <limits>

#include "runtime/format/decode_primitives.h"
#include "runtime/format/name_section.h"
#include "runtime/format/section_decoders.h"

namespace ember {

namespace {

constexpr uint8_t kMagic[4] = {0x00, 0x61, 0x73, 0x6D};  // "\0asm"
constexpr uint32_t kVersion = 1;
constexpr uint8_t kLastSectionId = static_cast<uint8_t>(SectionId::DataCount);

// Position of each known section in the required order (spec 5.5.2): the
// data count section (id 12) sits between element (9) and code (10).
// Custom sections (rank 0) may appear anywhere.
uint8_t sectionRank(SectionId id) {
  static constexpr uint8_t kRank[kLastSectionId + 1] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 10};
  return kRank[static_cast<uint8_t>(id)];
}

using SectionDecoder = Result<void> (*)(Reader&, Module&);

SectionDecoder sectionDecoder(SectionId id) {
  static constexpr SectionDecoder kDecoders[kLastSectionId + 1] = {
      nullptr,
      decodeTypeSection,
      decodeImportSection,
      decodeFunctionSection,
      decodeTableSection,
      decodeMemorySection,
      decodeGlobalSection,
      decodeExportSection,
      decodeStartSection,
      decodeElementSection,
      decodeCodeSection,
      decodeDataSection,
      decodeDataCountSection,
  };
  return kDecoders[static_cast<uint8_t>(id)];
}

Result<void> decodeHeader(Reader& r) {
  std::span<const uint8_t> magic = r.readBytes(sizeof kMagic);
  if (r.failed()) return readerError(r, nullptr);
  if (std::memcmp(magic.data(), kMagic, sizeof kMagic) != 0) {
    return makeError(ErrorKind::Malformed, Location{nullptr, -1, 0}, "magic header not detected");
  }
  uint32_t version = r.readFixedU32();
  if (r.failed()) return readerError(r, nullptr);
  if (version != kVersion) {
    return makeError(ErrorKind::Malformed, Location{nullptr, -1, 4},
                     formatMessage("unknown binary version %u", version));
  }
  return success();
}

// A custom section (spec 5.5.3): a UTF-8 name and opaque bytes, recorded;
// the first `name` section is also parsed, except without error text
// (error.h), where the backtraces its names are for give indices only.
void decodeCustomSection(Reader& r, Module& m) {
  std::string name = readName(r);
  if (r.failed()) return;
  CustomSection section{std::move(name), r.offset(), static_cast<uint32_t>(r.remaining())};
  std::span<const uint8_t> payload = r.readBytes(r.remaining());
  bool firstNameSection = section.name == "name" &&
                          std::none_of(m.customSections.begin(), m.customSections.end(),
                                       [](const CustomSection& s) { return s.name == "name"; });
  if (kHaveErrorText && firstNameSection) decodeNameSection(payload, section.offset, m.names);
  m.customSections.push_back(std::move(section));
}

// Decodes one section's payload, which must be consumed exactly.
Result<void> decodeSection(SectionId id, Reader& r, Module& m) {
  const char* name = sectionName(id);
  if (id == SectionId::Custom) {
    decodeCustomSection(r, m);
  } else {
    EMBER_TRY(sectionDecoder(id)(r, m));
  }
  if (r.failed()) return readerError(r, name);
  if (!r.atEnd()) {
    return makeError(ErrorKind::Malformed, Location{name, -1, r.offset()},
                     formatMessage("section size mismatch (%zu bytes left over)", r.remaining()));
  }
  return success();
}

// Checks that span several sections, made once all of them are read.
Result<void> checkSectionCounts(const Module& m, uint32_t endOffset) {
  uint32_t declared = static_cast<uint32_t>(m.funcTypeIndices.size()) - m.importedFuncCount;
  if (m.bodies.size() != declared) {
    return makeError(ErrorKind::Malformed, Location{nullptr, -1, endOffset},
                     formatMessage("function and code section have inconsistent lengths "
                                   "(%u functions, %zu bodies)",
                                   declared, m.bodies.size()));
  }
  if (m.dataCount && *m.dataCount != m.dataSegments.size()) {
    return makeError(ErrorKind::Malformed, Location{nullptr, -1, endOffset},
                     formatMessage("data count and data section have inconsistent lengths "
                                   "(data count %u, data section %zu)",
                                   *m.dataCount, m.dataSegments.size()));
  }
  return success();
}

// C.refs (spec 3.4.10): every function named by ref.func or an export
// anywhere in the module outside function bodies. Out-of-range indices are
// left for validateModule to report.
void collectDeclaredFuncRefs(Module& m) {
  m.declaredFuncRefs.assign(m.funcTypeIndices.size(), false);
  auto mark = [&m](const ConstExpr& e) {
    if (e.kind == ConstExpr::Kind::RefFunc && e.index < m.declaredFuncRefs.size()) {
      m.declaredFuncRefs[e.index] = true;
    }
  };
  for (const Global& g : m.globals) mark(g.init);
  for (const ElemSegment& seg : m.elemSegments) {
    for (const ElemItem& item : seg.items) mark(item.expr());
  }
  for (const Export& e : m.exports) {
    if (e.kind == ExternKind::Func && e.index < m.declaredFuncRefs.size()) {
      m.declaredFuncRefs[e.index] = true;
    }
  }
}

// Reads the section header and checks the id and order. Returns the
// payload reader through `payload`.
Result<SectionId> readSectionHeader(Reader& r, uint8_t& lastRank, Reader& payload) {
  uint32_t start = r.offset();
  uint8_t rawId = r.readU8();
  if (rawId > kLastSectionId) {
    return makeError(ErrorKind::Malformed, Location{nullptr, -1, start},
                     formatMessage("malformed section id %u", rawId));
  }
  SectionId id = static_cast<SectionId>(rawId);
  Reader sizeMark = r;
  uint32_t size = r.readVarU32();
  if (!r.failed() && size > r.remaining()) failAt(r, sizeMark, "length out of bounds");
  if (r.failed()) return readerError(r, sectionName(id));
  uint8_t rank = sectionRank(id);
  if (rank != 0 && rank <= lastRank) {
    return makeError(ErrorKind::Malformed, Location{sectionName(id), -1, start},
                     "unexpected content after last section (section duplicated or out of order)");
  }
  if (rank != 0) lastRank = rank;
  uint32_t payloadOffset = r.offset();
  payload = Reader(r.readBytes(size), payloadOffset);
  return id;
}

// What Module::bytes keeps of a binary: everything up to the end of its
// last non-custom section, where every recorded offset points, and the
// first name section if it comes after that. The other custom sections
// that trail the module are left out: nothing in the runtime reads them,
// and they can be most of the binary (gcc-loops is 2.8 MB, 2.6 MB of it
// DWARF). What is kept is still a valid binary of the same module, for
// those who compile it again.
struct RetainedLayout {
  uint32_t prefixEnd = 0;
  uint32_t nameStart = 0, nameEnd = 0;  // a trailing name section, id byte to payload end
};

// Found from the section headers alone, so that the copy is made before
// decoding, as one allocation: the compiler's large buffers then land
// where glibc's heap has them after earlier compiles (made after decoding,
// the copy sent rust-compression's repeated compiles to fresh pages).
// Headers it cannot read keep the whole binary; decoding reports them.
RetainedLayout retainedLayout(std::span<const uint8_t> bytes) {
  const RetainedLayout whole{static_cast<uint32_t>(bytes.size())};
  Reader r(bytes);
  r.skip(sizeof kMagic + sizeof kVersion);
  RetainedLayout layout{r.offset()};
  bool seenName = false;
  while (!r.atEnd()) {
    const uint32_t start = r.offset();
    const uint8_t id = r.readU8();
    std::span<const uint8_t> payload = r.readBytes(r.readVarU32());
    if (r.failed()) return whole;
    if (id != static_cast<uint8_t>(SectionId::Custom)) {
      layout = {r.offset()};
    } else if (!seenName && isNameSection(payload)) {
      seenName = true;
      layout.nameStart = start;
      layout.nameEnd = r.offset();
    }
  }
  return r.failed() ? whole : layout;
}

void retainBinary(std::span<const uint8_t> bytes, const RetainedLayout& layout,
                  void (*prefault)(void*, size_t), Module& m) {
  const size_t nameBytes = layout.nameEnd - layout.nameStart;
  const size_t kept = layout.prefixEnd + nameBytes;
  if (prefault && kept) {
    m.bytes.reserve(kept);
    prefault(m.bytes.data(), kept);
  }
  // resize and copy: a third the code of assign and insert; the zero fill
  // costs ~0.1% of a compile.
  m.bytes.resize(kept);
  if (layout.prefixEnd) std::memcpy(m.bytes.data(), bytes.data(), layout.prefixEnd);
  if (nameBytes)
    std::memcpy(m.bytes.data() + layout.prefixEnd, bytes.data() + layout.nameStart, nameBytes);
}

// Points the trailing custom sections at what retainBinary made of them.
void relocateTrailingCustomSections(const RetainedLayout& layout, Module& m) {
  for (CustomSection& section : m.customSections) {
    if (section.offset < layout.prefixEnd) continue;
    if (section.offset >= layout.nameStart && section.offset < layout.nameEnd)
      section.offset -= layout.nameStart - layout.prefixEnd;
    else
      section.retained = false;
  }
}

}  // namespace

Result<Module> decodeModule(std::span<const uint8_t> bytes, void (*prefault)(void*, size_t)) {
  if (bytes.size() > std::numeric_limits<uint32_t>::max()) {
    return makeError(ErrorKind::Malformed, Location{}, "module larger than 4 GiB");
  }
  Module m;
  const RetainedLayout layout = retainedLayout(bytes);
  retainBinary(bytes, layout, prefault, m);
  Reader r(bytes);  // offsets in the kept prefix are the same in both
  EMBER_TRY(decodeHeader(r));
  uint8_t lastRank = 0;
  while (!r.atEnd()) {
    Reader payload(std::span<const uint8_t>{});
    Result<SectionId> id = readSectionHeader(r, lastRank, payload);
    if (!id.ok()) return id.takeError();
    EMBER_TRY(decodeSection(*id, payload, m));
  }
  EMBER_TRY(checkSectionCounts(m, r.offset()));
  collectDeclaredFuncRefs(m);
  relocateTrailingCustomSections(layout, m);
  return m;
}

}  // namespace ember
