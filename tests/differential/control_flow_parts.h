// Internal to the control-flow module generator: control_flow_module.cpp
// writes the function bodies, control_flow_sections.cpp the module around
// them (types, tables, globals, element and data segments, exports). What
// both halves must agree on is here: the value types, the deterministic
// random source, and the layout of the module's index spaces.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "runtime/format/opcodes.h"
#include "tests/wasm_bytes.h"

namespace ember::differential::flow {

using test::Bytes;

enum Type : uint8_t {
  kI32 = 0x7F,
  kI64 = 0x7E,
  kF32 = 0x7D,
  kF64 = 0x7C,
  kV128 = 0x7B,
  kFuncRef = 0x70,
  kExternRef = 0x6F,
};
constexpr uint8_t kVoid = 0x40;

inline bool isReference(Type t) { return t == kFuncRef || t == kExternRef; }

// An operator without a prefix, as its one byte: for the constant
// expressions of the global and element sections, written as byte lists.
constexpr uint8_t byteOf(Opcode o) { return static_cast<uint8_t>(o); }

// A prefixed operator is its prefix byte, then the sub-opcode as an
// unsigned LEB128: two bytes from 128 up.
inline void appendOp(Bytes& out, Opcode o) {
  auto code = static_cast<uint16_t>(o);
  if (code <= 0xFF) return out.push_back(static_cast<uint8_t>(code));
  out.push_back(static_cast<uint8_t>(code >> 8));
  test::appendLeb(out, code & 0xFF);
}

// SplitMix64, as in generated_module.cpp: the same module on every host.
// Every decision is an integer draw; floating point only ever makes the
// bits of a constant, from integers, exactly (see appendConstant).
class Random {
 public:
  Random(uint64_t seed, bool simd) : state_(seed), simd_(simd) {}
  uint64_t next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
  uint32_t below(uint32_t n) { return static_cast<uint32_t>(next() % n); }
  bool percent(uint32_t p) { return below(100) < p; }
  Type scalarType() {
    static constexpr Type kTypes[] = {kI32, kI64, kF32, kF64};
    return kTypes[below(4)];
  }
  // A value type for locals, parameters and results: v128 too, in SIMD
  // modules.
  Type type() { return simd_ && percent(20) ? kV128 : scalarType(); }
  // Parameters may also be externref: the runner passes null or an opaque
  // pointer, which table 2 and the externref globals then hold, and the
  // comparison follows by identity. (No funcref parameters: the runner
  // could only pass null.)
  Type paramType() { return percent(6) ? kExternRef : type(); }
  // Declared locals may also be references, which then live across loops
  // and merge at labels like any other local.
  Type localType() {
    if (!percent(8)) return type();
    return percent(70) ? kFuncRef : kExternRef;
  }
  bool simd() const { return simd_; }

 private:
  uint64_t state_;
  bool simd_;
};

void appendSleb(Bytes& out, int64_t v);
void appendName(Bytes& out, const std::string& name);
// A constant of numeric or vector type `t` (its operator and immediate):
// small values or random bits, never a NaN.
void appendConstant(Bytes& out, Random& random, Type t);

struct Signature {
  std::vector<Type> params, results;
};

// --- The module's index spaces ------------------------------------------------

// Table 0 holds every function at its own index (type index = function
// index) and is only called through, never read or written, so that a
// call_indirect with a constant index is the call the cost accounting
// assumed. Tables 1 (funcref) and 2 (externref) are what the code changes:
// at least kTableMin entries, growing to a small maximum.
constexpr uint32_t kFixedTable = 0, kFuncTable = 1, kExternTable = 2;
constexpr uint32_t kTableMin = 4, kFuncTableMax = 12, kExternTableMax = 8;

// Element segments, in this order. The active ones are dropped by
// instantiation (elem.drop of one is valid and changes nothing); one
// passive funcref segment is never dropped, so table.init from it only
// traps out of bounds.
enum ElemSegment : uint32_t {
  kElemFixedTable,      // active, table 0: every function
  kElemFuncTable,       // active, table 1 at 0: kTableMin targets
  kElemExternTable,     // active, table 2 at 0: nulls
  kElemPassiveKept,     // passive funcref, never dropped
  kElemPassiveDropped,  // passive funcref, elem.drop'ed now and then
  kElemPassiveExtern,   // passive externref: nulls
  kElemDeclared,        // declarative: the targets, for ref.func
  kElemSegments,
};
constexpr uint32_t kPassiveElems = 4;  // each passive segment's length

// Data segments: an active one (dropped by instantiation), then two
// passive ones of kPassiveDataBytes, the second data.drop'ed now and then.
enum DataSegment : uint32_t { kDataActive, kDataPassiveKept, kDataPassiveDropped, kDataSegments };
constexpr uint32_t kPassiveDataBytes = 32;

// Float globals may hold NaNs (from arithmetic, or NaN arguments), whose
// bits the spec lets engines choose. Nothing is canonicalised on the way
// in: the runner compares globals by numericKey (every NaN of a type
// alike; a v128 per half), and nothing in these modules turns a NaN's bits
// into other values (no reinterpret or copysign; the hash maps a NaN to 0,
// floatLanes() zeroes NaN lanes; stored to memory, the runner's NaN-window
// comparison covers them, as for locals).
struct GlobalSpec {
  Type type;
  bool isMutable;
};

// Which functions a funcref may name. Functions [firstTarget, n) are the
// targets: every ref.func in the code, every global's initial funcref and
// every element segment's entry but table 0's is one (or null), and table
// 0 is never read, so every funcref value the code can make or read
// (table 1, funcref globals and locals, table.get) is null or a target.
// Only functions below firstTarget call through table 1, so such a call,
// like every other call, goes to a higher index: the call graph stays
// acyclic, and a call through table 1 costs at most the dearest target.
struct ModuleLayout {
  std::vector<Signature> signatures;  // function f has type index f
  // After the functions' types in the type section; the first has
  // parameters and no results (loops take it).
  std::vector<Signature> blockTypes;
  std::vector<GlobalSpec> globals;  // all exported, "g0", "g1", ...
  uint32_t firstTarget = 0;

  uint32_t functions() const { return static_cast<uint32_t>(signatures.size()); }
};

ModuleLayout randomLayout(Random& random);

// The whole module around the function bodies (in function order).
Bytes assembleModule(const ModuleLayout& layout, const std::vector<Bytes>& bodies, Random& random);

}  // namespace ember::differential::flow
