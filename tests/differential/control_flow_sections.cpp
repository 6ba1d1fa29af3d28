// The module around the control-flow generator's function bodies: its
// layout (signatures, globals, which functions funcrefs may name) and its
// sections. Element segments use all eight encodings between them, chosen
// at random, so the decoder's and instantiation's paths are compared too.
#include <cstring>
#include <string>
#include <vector>

#include "tests/differential/control_flow_parts.h"

namespace ember::differential::flow {
namespace {

using test::append;
using test::appendLeb;
using test::appendSection;

constexpr uint8_t kEnd = byteOf(Opcode::End);

// Now and then more parameters than any calling convention passes in
// registers, and more results than it returns in them.
Signature randomSignature(Random& random) {
  Signature s;
  uint32_t params = random.percent(85) ? random.below(6) : 6 + random.below(12);
  for (uint32_t n = params; n > 0; --n) s.params.push_back(random.paramType());
  uint32_t results = random.percent(15)   ? 0
                     : random.percent(75) ? 1
                     : random.percent(60) ? 2
                                          : 3 + random.below(4);
  for (uint32_t n = results; n > 0; --n) s.results.push_back(random.type());
  return s;
}

Type randomGlobalType(Random& random) {
  static constexpr Type kTypes[] = {kI32, kI64, kF32, kF64, kFuncRef, kExternRef, kV128};
  return kTypes[random.below(random.simd() ? 7 : 6)];
}

uint32_t randomTarget(Random& random, const ModuleLayout& layout) {
  return layout.firstTarget + random.below(layout.functions() - layout.firstTarget);
}

// A funcref constant expression: ref.func of a target, or now and then
// ref.null.
void appendFuncrefExpression(Bytes& out, Random& random, const ModuleLayout& layout) {
  if (random.percent(15)) {
    out.push_back(byteOf(Opcode::RefNull));
    out.push_back(kFuncRef);
  } else {
    out.push_back(byteOf(Opcode::RefFunc));
    appendLeb(out, randomTarget(random, layout));
  }
  out.push_back(kEnd);
}

void appendOffset(Bytes& out, int32_t offset) {
  out.push_back(byteOf(Opcode::I32Const));
  appendSleb(out, offset);
  out.push_back(kEnd);
}

// --- Sections -----------------------------------------------------------------

Bytes typeSection(const ModuleLayout& layout) {
  std::vector<Signature> all = layout.signatures;
  all.insert(all.end(), layout.blockTypes.begin(), layout.blockTypes.end());
  Bytes s;
  appendLeb(s, all.size());
  for (const Signature& sig : all) {
    s.push_back(0x60);
    appendLeb(s, sig.params.size());
    for (Type t : sig.params) s.push_back(t);
    appendLeb(s, sig.results.size());
    for (Type t : sig.results) s.push_back(t);
  }
  return s;
}

Bytes functionSection(const ModuleLayout& layout) {
  Bytes s;
  appendLeb(s, layout.functions());
  for (uint32_t f = 0; f < layout.functions(); ++f) appendLeb(s, f);
  return s;
}

Bytes tableSection(const ModuleLayout& layout) {
  Bytes s = {3, kFuncRef, 0x00};  // table 0: every function, no maximum
  appendLeb(s, layout.functions());
  append(s, {kFuncRef, 0x01, kTableMin, kFuncTableMax});
  append(s, {kExternRef, 0x01, kTableMin, kExternTableMax});
  return s;
}

Bytes globalSection(const ModuleLayout& layout, Random& random) {
  Bytes s;
  appendLeb(s, layout.globals.size());
  for (const GlobalSpec& g : layout.globals) {
    s.push_back(g.type);
    s.push_back(g.isMutable ? 0x01 : 0x00);
    if (g.type == kFuncRef)
      appendFuncrefExpression(s, random, layout);
    else {
      appendConstant(s, random, g.type);
      s.push_back(kEnd);
    }
  }
  return s;
}

// Every global (all are compared after each call), tables 1 and 2 (their
// entries compared by identity) and the memory, then the functions.
Bytes exportSection(const ModuleLayout& layout) {
  Bytes s;
  appendLeb(s, 1 + layout.globals.size() + 2 + layout.functions());
  appendName(s, "mem");
  s.push_back(0x02);
  appendLeb(s, 0);
  for (uint32_t g = 0; g < layout.globals.size(); ++g) {
    appendName(s, "g" + std::to_string(g));
    s.push_back(0x03);
    appendLeb(s, g);
  }
  for (uint32_t t : {kFuncTable, kExternTable}) {
    appendName(s, "t" + std::to_string(t));
    s.push_back(0x01);
    appendLeb(s, t);
  }
  for (uint32_t f = 0; f < layout.functions(); ++f) {
    appendName(s, "f" + std::to_string(f));
    s.push_back(0x00);
    appendLeb(s, f);
  }
  return s;
}

// `count` targets, as function indices (after elemkind 0x00) or as
// constant expressions (after reftype funcref), which may also be null.
void appendTargets(Bytes& s, uint32_t count, bool expressions, Random& random,
                   const ModuleLayout& layout) {
  s.push_back(expressions ? kFuncRef : 0x00);
  appendLeb(s, count);
  for (uint32_t i = 0; i < count; ++i) {
    if (expressions)
      appendFuncrefExpression(s, random, layout);
    else
      appendLeb(s, randomTarget(random, layout));
  }
}

void appendNullExterns(Bytes& s, uint32_t count) {
  s.push_back(kExternRef);
  appendLeb(s, count);
  for (uint32_t i = 0; i < count; ++i) append(s, {byteOf(Opcode::RefNull), kExternRef, kEnd});
}

// The segments of ElemSegment, in order; the flags byte says the encoding
// (spec 5.5.12): bit 0 passive or declarative, bit 1 explicit table or
// declarative, bit 2 expressions instead of function indices.
Bytes elementSection(const ModuleLayout& layout, Random& random) {
  Bytes s;
  appendLeb(s, kElemSegments);
  // kElemFixedTable: flags 0 or 4, table 0, the functions in order.
  bool expressions = random.percent(50);
  s.push_back(expressions ? 0x04 : 0x00);
  appendOffset(s, 0);
  appendLeb(s, layout.functions());
  for (uint32_t f = 0; f < layout.functions(); ++f) {
    if (expressions) s.push_back(byteOf(Opcode::RefFunc));
    appendLeb(s, f);
    if (expressions) s.push_back(kEnd);
  }
  // kElemFuncTable: flags 2 or 6, table 1.
  expressions = random.percent(50);
  s.push_back(expressions ? 0x06 : 0x02);
  appendLeb(s, kFuncTable);
  appendOffset(s, 0);
  appendTargets(s, kTableMin, expressions, random, layout);
  // kElemExternTable: flags 6, table 2.
  s.push_back(0x06);
  appendLeb(s, kExternTable);
  appendOffset(s, 0);
  appendNullExterns(s, kTableMin / 2);
  // kElemPassiveKept and kElemPassiveDropped: flags 1 or 5.
  for (int passive = 0; passive < 2; ++passive) {
    expressions = random.percent(50);
    s.push_back(expressions ? 0x05 : 0x01);
    appendTargets(s, kPassiveElems, expressions, random, layout);
  }
  // kElemPassiveExtern: flags 5.
  s.push_back(0x05);
  appendNullExterns(s, kPassiveElems);
  // kElemDeclared: flags 3 or 7, every target.
  expressions = random.percent(50);
  s.push_back(expressions ? 0x07 : 0x03);
  s.push_back(expressions ? kFuncRef : 0x00);
  appendLeb(s, layout.functions() - layout.firstTarget);
  for (uint32_t f = layout.firstTarget; f < layout.functions(); ++f) {
    if (expressions) s.push_back(byteOf(Opcode::RefFunc));
    appendLeb(s, f);
    if (expressions) s.push_back(kEnd);
  }
  return s;
}

// The low `bytes` bytes of `bits`, as the binary format's fixed-width
// immediates are written.
void appendLittleEndian(Bytes& out, uint64_t bits, int bytes) {
  for (int i = 0; i < bytes; ++i) out.push_back(static_cast<uint8_t>(bits >> (8 * i)));
}

void appendRandomBytes(Bytes& s, uint32_t count, Random& random) {
  appendLeb(s, count);
  for (uint32_t i = 0; i < count; ++i) s.push_back(static_cast<uint8_t>(random.next()));
}

// The segments of DataSegment: the active one somewhere in the first page
// (flags 0, or 2 naming memory 0), then the passive ones.
Bytes dataSection(Random& random) {
  Bytes s;
  appendLeb(s, kDataSegments);
  bool explicitMemory = random.percent(50);
  s.push_back(explicitMemory ? 0x02 : 0x00);
  if (explicitMemory) appendLeb(s, 0);
  appendOffset(s, static_cast<int32_t>(random.below(0xF00)));
  appendRandomBytes(s, 1 + random.below(64), random);
  for (int passive = 0; passive < 2; ++passive) {
    s.push_back(0x01);
    appendRandomBytes(s, kPassiveDataBytes, random);
  }
  return s;
}

Bytes codeSection(const std::vector<Bytes>& bodies) {
  Bytes s;
  appendLeb(s, bodies.size());
  for (const Bytes& body : bodies) {
    appendLeb(s, body.size());
    append(s, body);
  }
  return s;
}

}  // namespace

void appendSleb(Bytes& out, int64_t v) {
  for (;;) {
    uint8_t byte = v & 0x7F;
    v >>= 7;
    bool done = (v == 0 && !(byte & 0x40)) || (v == -1 && (byte & 0x40));
    out.push_back(done ? byte : (byte | 0x80));
    if (done) return;
  }
}

void appendName(Bytes& out, const std::string& name) {
  appendLeb(out, name.size());
  out.insert(out.end(), name.begin(), name.end());
}

// Floats from small integers (quarters) or from random integers scaled
// down: exact conversions and correctly rounded divisions, so the same
// bits on every host.
void appendConstant(Bytes& out, Random& random, Type t) {
  bool small = random.percent(60);
  int64_t value =
      small ? static_cast<int64_t>(random.below(17)) - 8 : static_cast<int64_t>(random.next());
  switch (t) {
    case kI32:
      appendOp(out, Opcode::I32Const);
      return appendSleb(out, static_cast<int32_t>(value));
    case kI64:
      appendOp(out, Opcode::I64Const);
      return appendSleb(out, value);
    case kF32: {
      float f = small ? static_cast<float>(value) / 4
                      : static_cast<float>(static_cast<int32_t>(value)) / 1024;
      uint32_t bits;
      std::memcpy(&bits, &f, 4);
      appendOp(out, Opcode::F32Const);
      return appendLittleEndian(out, bits, 4);
    }
    case kF64: {
      double d = small ? static_cast<double>(value) / 4 : static_cast<double>(value) / 1e9;
      uint64_t bits;
      std::memcpy(&bits, &d, 8);
      appendOp(out, Opcode::F64Const);
      return appendLittleEndian(out, bits, 8);
    }
    case kV128: {
      appendOp(out, Opcode::V128Const);  // small lanes or random bytes
      uint64_t high = small ? static_cast<uint64_t>(value) : random.next();
      for (uint64_t half : {static_cast<uint64_t>(value), high}) appendLittleEndian(out, half, 8);
      return;
    }
    case kFuncRef:
    case kExternRef:
      appendOp(out, Opcode::RefNull);
      out.push_back(t);
      return;
  }
}

// Every value type has a mutable global, so each is written and read in
// every module; then a few more of any type, some immutable (which a JIT
// may fold as constants).
ModuleLayout randomLayout(Random& random) {
  ModuleLayout layout;
  layout.signatures.resize(2 + random.below(7));
  for (Signature& s : layout.signatures) s = randomSignature(random);
  layout.blockTypes.resize(1 + random.below(4));
  for (Signature& s : layout.blockTypes) s = randomSignature(random);
  layout.blockTypes[0].results.clear();
  if (layout.blockTypes[0].params.empty()) layout.blockTypes[0].params.push_back(random.type());
  // One target, or two: with one, a call through table 1 finds the
  // signature it expects in every non-null entry. Two share a signature
  // half the time, under two type indices: call_indirect compares types
  // by structure, so either then runs, whichever index the call names.
  uint32_t targets = layout.functions() >= 3 && random.percent(40) ? 2 : 1;
  layout.firstTarget = layout.functions() - targets;
  if (targets == 2 && random.percent(50))
    layout.signatures[layout.firstTarget] = layout.signatures.back();
  for (Type t : {kI32, kI64, kF32, kF64, kV128, kFuncRef, kExternRef})
    if (t != kV128 || random.simd()) layout.globals.push_back({t, true});
  for (uint32_t n = 1 + random.below(6); n > 0; --n)
    layout.globals.push_back({randomGlobalType(random), random.percent(60)});
  return layout;
}

Bytes assembleModule(const ModuleLayout& layout, const std::vector<Bytes>& bodies, Random& random) {
  Bytes module = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};
  appendSection(module, 1, typeSection(layout));
  appendSection(module, 3, functionSection(layout));
  appendSection(module, 4, tableSection(layout));
  appendSection(module, 5, {0x01, 0x01, 0x01, 0x04});  // one memory: 1 page, at most 4
  appendSection(module, 6, globalSection(layout, random));
  appendSection(module, 7, exportSection(layout));
  appendSection(module, 9, elementSection(layout, random));
  appendSection(module, 12, {kDataSegments});  // data count: memory.init needs it
  appendSection(module, 10, codeSection(bodies));
  appendSection(module, 11, dataSection(random));
  return module;
}

}  // namespace ember::differential::flow
