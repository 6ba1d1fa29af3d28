// The typing of the table-driven rows of opcodes.def (numeric operators,
// plain loads and stores) as constexpr look-up tables, one per opcode space
// (single byte, 0xFC, 0xFD). The function validator type-checks all those
// rows through one shared path driven by these tables, which keeps its hot
// loop small enough for the compiler to inline the rest of it.
#pragma once

#include <array>
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

using OperatorSignatureTable = std::array<OperatorSignature, 256>;

// The rows of opcodes.def whose code is prefix << 8 | sub-opcode (prefix 0
// for the single-byte space), indexed by sub-opcode.
constexpr OperatorSignatureTable makeOperatorSignatures(uint32_t prefix) {
  OperatorSignatureTable table{};
  auto set = [&](uint32_t code, OperatorSignature sig) {
    if ((code >> 8) == prefix) table[code & 0xFF] = sig;
  };
  using S = OperatorShape;
  constexpr ValType None = ValType::Bottom;
#define EMBER_LOAD_OP(Name, code, text, Type, align) \
  set(code, {S::Load, ValType::Type, ValType::I32, None, None, align});
#define EMBER_STORE_OP(Name, code, text, Type, align) \
  set(code, {S::Store, None, ValType::I32, ValType::Type, None, align});
#define EMBER_OP1(Name, code, text, Out, A) \
  set(code, {S::Unary, ValType::Out, ValType::A, None, None, 0});
#define EMBER_OP2(Name, code, text, Out, A, B) \
  set(code, {S::Binary, ValType::Out, ValType::A, ValType::B, None, 0});
#define EMBER_OP3(Name, code, text, Out, A, B, C) \
  set(code, {S::Ternary, ValType::Out, ValType::A, ValType::B, ValType::C, 0});
#include "runtime/format/opcodes.def"
  return table;
}

inline constexpr OperatorSignatureTable kPlainOperatorSignatures = makeOperatorSignatures(0);
inline constexpr OperatorSignatureTable kMiscOperatorSignatures = makeOperatorSignatures(0xFC);
inline constexpr OperatorSignatureTable kSimdOperatorSignatures = makeOperatorSignatures(0xFD);

// `code` as opcodes.def encodes it (prefix << 8 | sub-opcode, sub < 256).
inline const OperatorSignature& operatorSignature(uint32_t code) {
  switch (code >> 8) {
    case 0:
      return kPlainOperatorSignatures[code];
    case 0xFC:
      return kMiscOperatorSignatures[code & 0xFF];
    default:
      // Without SIMD the validators refuse 0xFD operators before they ask
      // (types.h), and the table is left out.
      if (!kHaveSimd) __builtin_unreachable();
      return kSimdOperatorSignatures[code & 0xFF];
  }
}

}  // namespace ember
