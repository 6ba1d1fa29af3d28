// Decoders of the element and data sections (spec 5.5.12, 5.5.14): segments
// with their mode, target, offset expression and contents.
#include "runtime/format/decode_primitives.h"
#include "runtime/format/section_decoders.h"

namespace ember {

namespace {

// Element segment flags (spec 5.5.12): bit 0 set means passive or
// declarative, bit 1 then picks declarative; for an active segment bit 1
// means an explicit table index. Bit 2 means items are expressions rather
// than function indices.
constexpr uint32_t kElemNotActive = 1;
constexpr uint32_t kElemTableOrDeclarative = 2;
constexpr uint32_t kElemExpressions = 4;
constexpr uint8_t kElemKindFuncRef = 0x00;

SegmentMode elemMode(uint32_t flags) {
  if (!(flags & kElemNotActive)) return SegmentMode::Active;
  return (flags & kElemTableOrDeclarative) ? SegmentMode::Declarative : SegmentMode::Passive;
}

// Flags 1-3 name an elemkind (only funcref exists), 5-7 a reference type;
// 0 and 4 imply funcref.
ValType readElemType(Reader& r, uint32_t flags) {
  if (!(flags & (kElemNotActive | kElemTableOrDeclarative))) return ValType::FuncRef;
  if (flags & kElemExpressions) return readRefType(r);
  Reader mark = r;
  if (r.readU8() != kElemKindFuncRef) failAt(r, mark, "malformed element kind");
  return ValType::FuncRef;
}

void readElemItems(Reader& r, const Module& m, ElemSegment& seg, bool expressions) {
  uint32_t n = readLimitedCount(r, expressions ? 2 : 1, kMaxElemSegmentItems,
                                "too many elements in a segment (implementation limit)");
  seg.items.resize(n);
  for (uint32_t i = 0; i < n && !r.failed(); ++i) {
    if (expressions) {
      ConstExpr e;
      decodeModuleConstExpr(r, m, e);
      seg.items[i] = ElemItem::of(e);
    } else {
      seg.items[i].index = r.readVarU32();  // a RefFunc item
    }
  }
}

ElemSegment readElemSegment(Reader& r, const Module& m) {
  ElemSegment seg;
  Reader mark = r;
  uint32_t flags = r.readVarU32();
  if (flags > 7) {
    failAt(r, mark, "malformed elements segment kind");
    return seg;
  }
  seg.mode = elemMode(flags);
  if (seg.mode == SegmentMode::Active) {
    if (flags & kElemTableOrDeclarative) seg.tableIndex = r.readVarU32();
    decodeModuleConstExpr(r, m, seg.offset);
  }
  seg.elemType = readElemType(r, flags);
  readElemItems(r, m, seg, flags & kElemExpressions);
  return seg;
}

DataSegment readDataSegment(Reader& r, const Module& m) {
  DataSegment seg;
  Reader mark = r;
  uint32_t flags = r.readVarU32();
  if (flags > 2) {
    failAt(r, mark, "malformed data segment kind");
    return seg;
  }
  seg.mode = flags == 1 ? SegmentMode::Passive : SegmentMode::Active;
  if (flags == 2) seg.memoryIndex = r.readVarU32();
  if (seg.mode == SegmentMode::Active) decodeModuleConstExpr(r, m, seg.offset);
  Reader sizeMark = r;
  uint32_t size = r.readVarU32();
  if (!r.failed() && size > r.remaining()) {
    failAt(r, sizeMark, "unexpected end of section or function");
    return seg;
  }
  seg.bytesOffset = r.offset();
  seg.size = size;
  r.skip(size);
  return seg;
}

}  // namespace

Result<void> decodeElementSection(Reader& r, Module& m) {
  // flags, a one-byte offset or kind, a count
  uint32_t n =
      readLimitedCount(r, 3, kMaxElemSegments, "too many element segments (implementation limit)");
  m.elemSegments.reserve(n);
  for (uint32_t i = 0; i < n && !r.failed(); ++i) m.elemSegments.push_back(readElemSegment(r, m));
  return success();
}

Result<void> decodeDataSection(Reader& r, Module& m) {
  uint32_t start = r.offset();
  // flags and an empty byte vector
  uint32_t n =
      readLimitedCount(r, 2, kMaxDataSegments, "too many data segments (implementation limit)");
  if (!r.failed() && m.dataCount && n != *m.dataCount) {
    return makeError(ErrorKind::Malformed, Location{"data", -1, start},
                     formatMessage("data count and data section have inconsistent lengths "
                                   "(data count %u, data section %u)",
                                   *m.dataCount, n));
  }
  m.dataSegments.reserve(n);
  for (uint32_t i = 0; i < n && !r.failed(); ++i) m.dataSegments.push_back(readDataSegment(r, m));
  return success();
}

}  // namespace ember
