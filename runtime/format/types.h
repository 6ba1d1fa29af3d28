// The WebAssembly type grammar (spec section 2.3), as the decoder, the
// validator and every engine see it.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace ember {

// Value types carry their binary encoding (spec 5.3.1), so decoding one is a
// range check, not a table look-up. `Bottom` is the validator's "unknown"
// type of values popped from an unreachable (polymorphic) stack; it is never
// seen outside the validator.
enum class ValType : uint8_t {
  Bottom = 0x00,
  I32 = 0x7F,
  I64 = 0x7E,
  F32 = 0x7D,
  F64 = 0x7C,
  V128 = 0x7B,
  FuncRef = 0x70,
  ExternRef = 0x6F,
};

const char* valTypeName(ValType type);
inline bool isNumType(ValType t) {
  return t == ValType::I32 || t == ValType::I64 || t == ValType::F32 || t == ValType::F64;
}
inline bool isRefType(ValType t) { return t == ValType::FuncRef || t == ValType::ExternRef; }
// EMBER_SIMD=OFF builds (DESIGN decision 9) have no v128: the validators
// refuse the type and the 0xFD operators as Unsupported, so no engine ever
// sees them and their SIMD code is left out.
#ifndef EMBER_HAVE_SIMD
#define EMBER_HAVE_SIMD 1
#endif
inline constexpr bool kHaveSimd = EMBER_HAVE_SIMD;
inline constexpr const char* kNoSimdMessage = "SIMD (v128) is not in this build (EMBER_SIMD=OFF)";
// EMBER_EXTENDED_CONST=OFF builds accept only 2.0's constant expressions:
// add, sub and mul in one are "constant expression required".
#ifndef EMBER_HAVE_EXTENDED_CONST
#define EMBER_HAVE_EXTENDED_CONST 1
#endif
inline constexpr bool kHaveExtendedConst = EMBER_HAVE_EXTENDED_CONST;
inline bool isValTypeByte(uint8_t b) {
  return (b >= 0x7B && b <= 0x7F) || b == 0x70 || b == 0x6F;
}

// The 16 bytes of a v128 immediate (v128.const, i8x16.shuffle lanes), in
// memory order: byte 0 is lane 0 of i8x16.
struct V128Bytes {
  uint8_t bytes[16];
};

struct FuncType {
  std::vector<ValType> params;
  std::vector<ValType> results;

  bool operator==(const FuncType& other) const = default;
  std::string toString() const;  // e.g. "[i32 i64] -> [f32]"
};

struct Limits {
  uint64_t min = 0;
  std::optional<uint64_t> max;
  bool shared = false;
};

struct TableType {
  ValType elemType = ValType::FuncRef;
  Limits limits;
};

struct MemoryType {
  Limits limits;  // in 64 KiB pages
};

struct GlobalType {
  ValType type = ValType::I32;
  bool isMutable = false;
};

enum class ExternKind : uint8_t { Func = 0, Table = 1, Memory = 2, Global = 3 };
const char* externKindName(ExternKind kind);

// A block's type (spec 2.4.8 blocktype): either empty, one result, or a
// function type index for multi-value blocks. Resolved to parameter and
// result lists by the validator so visitors never look up type indices.
struct BlockType {
  std::span<const ValType> params;
  std::span<const ValType> results;
};

constexpr uint32_t kPageSize = 65536;
constexpr uint32_t kMaxPages32 = 65536;        // 4 GiB
constexpr uint32_t kMaxTableSize = 10000000;   // implementation limit, as V8
constexpr uint32_t kMaxFunctionLocals = 50000; // implementation limit, as V8
constexpr uint32_t kMaxFunctionParams = 1000;
constexpr uint32_t kMaxFunctionResults = 1000;
constexpr uint32_t kMaxFunctions = 1000000;
constexpr uint32_t kMaxFunctionSize = 7654321;   // bytes of one body, as V8
// Counts of a module's items, the limits engines agree on (V8's
// wasm-limits.h, Wasmtime's wasmparser): they keep what decoding a module
// costs in host memory proportional to a module a real toolchain emits.
constexpr uint32_t kMaxTypes = 1000000;
constexpr uint32_t kMaxImports = 100000;
constexpr uint32_t kMaxExports = 100000;
constexpr uint32_t kMaxGlobals = 1000000;
constexpr uint32_t kMaxTables = 100000;
constexpr uint32_t kMaxElemSegments = 100000;  // as wasmparser
constexpr uint32_t kMaxElemSegmentItems = kMaxTableSize;
constexpr uint32_t kMaxDataSegments = 100000;
constexpr uint32_t kMaxNameBytes = 100000;  // one import, export or section name
// Values on a function's operand stack after a call's or a block's
// results are pushed. Any other push takes a byte of body or more, but a
// call of a function with 1,000 results takes two, and every value costs
// each compiler a stack entry: 10,000 such calls in a 23 KB module held
// the interpreter's compile at 300 MB. Real code stays in the tens.
constexpr uint32_t kMaxOperandStackHeight = 1000000;

}  // namespace ember
