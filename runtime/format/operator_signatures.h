// The typing of the table-driven rows of opcodes.def (numeric operators,
// plain loads and stores) as constexpr look-up tables, one per opcode space
// (single byte, 0xFC, 0xFD). The function validator type-checks all those
// rows through one shared path driven by these tables, which keeps its hot
// loop small enough for the compiler to inline the rest of it.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include "runtime/format/types.h"

namespace ember {

enum class OperatorShape : uint8_t {
  Special,  // validated by hand (immediates or special typing), or unknown
  Unary,    // [a] -> [out]
  Binary,   // [a b] -> [out]
  Ternary,  // [a b c] -> [out]
  Load,     // memarg; [i32] -> [out]
  Store,    // memarg; [i32 a] -> []
};

struct OperatorSignature {
  OperatorShape shape = OperatorShape::Special;
  ValType out = ValType::Bottom;
  ValType a = ValType::Bottom;
  ValType b = ValType::Bottom;
  ValType c = ValType::Bottom;
  uint8_t naturalAlign = 0;  // log2 of the access width (loads and stores)
};

// The table-driven rows of opcodes.def (loads, stores, numeric operators),
// applied to `row` in order. Their codes are prefix << 8 | sub-opcode
// (prefix 0 for the single-byte space).
template <typename Row>
constexpr void forEachTableDrivenRow(Row row) {
  using S = OperatorShape;
  constexpr ValType None = ValType::Bottom;
#define EMBER_LOAD_OP(Name, code, text, Type, align) \
  row(code, {S::Load, ValType::Type, ValType::I32, None, None, align});
#define EMBER_STORE_OP(Name, code, text, Type, align) \
  row(code, {S::Store, None, ValType::I32, ValType::Type, None, align});
#define EMBER_OP1(Name, code, text, Out, A) \
  row(code, {S::Unary, ValType::Out, ValType::A, None, None, 0});
#define EMBER_OP2(Name, code, text, Out, A, B) \
  row(code, {S::Binary, ValType::Out, ValType::A, ValType::B, None, 0});
#define EMBER_OP3(Name, code, text, Out, A, B, C) \
  row(code, {S::Ternary, ValType::Out, ValType::A, ValType::B, ValType::C, 0});
#include "runtime/format/opcodes.def"
}

// One past the highest sub-opcode with a row in `prefix`'s space: the
// tables end there (the 0xFC space has 8 rows, not 256), which keeps them
// out of a small build's read-only data.
constexpr size_t operatorSignatureRows(uint32_t prefix) {
  size_t rows = 0;
  forEachTableDrivenRow([&](uint32_t code, OperatorSignature) {
    if ((code >> 8) == prefix && (code & 0xFF) + 1 > rows) rows = (code & 0xFF) + 1;
  });
  return rows;
}

template <uint32_t Prefix>
constexpr auto makeOperatorSignatures() {
  std::array<OperatorSignature, operatorSignatureRows(Prefix)> table{};
  forEachTableDrivenRow([&](uint32_t code, OperatorSignature sig) {
    if ((code >> 8) == Prefix) table[code & 0xFF] = sig;
  });
  return table;
}

inline constexpr auto kPlainOperatorSignatures = makeOperatorSignatures<0>();
inline constexpr auto kMiscOperatorSignatures = makeOperatorSignatures<0xFC>();
inline constexpr auto kSimdOperatorSignatures = makeOperatorSignatures<0xFD>();
inline constexpr auto kRelaxedSimdOperatorSignatures = makeOperatorSignatures<0xFE>();
inline constexpr OperatorSignature kSpecialOperatorSignature{};

template <typename Table>
const OperatorSignature& signatureIn(const Table& table, uint32_t subOpcode) {
  return subOpcode < table.size() ? table[subOpcode] : kSpecialOperatorSignature;
}

// `code` as opcodes.def encodes it (prefix << 8 | sub-opcode, sub < 256;
// the relaxed SIMD operators 0xFE00 and up).
inline const OperatorSignature& operatorSignature(uint32_t code) {
  switch (code >> 8) {
    case 0:
      return signatureIn(kPlainOperatorSignatures, code);
    case 0xFC:
      return signatureIn(kMiscOperatorSignatures, code & 0xFF);
    default:
      // Without SIMD the validators refuse 0xFD operators before they ask
      // (types.h), and the tables are left out.
      if (!kHaveSimd) __builtin_unreachable();
      if (code >> 8 == 0xFE) return signatureIn(kRelaxedSimdOperatorSignatures, code & 0xFF);
      return signatureIn(kSimdOperatorSignatures, code & 0xFF);
  }
}

}  // namespace ember
