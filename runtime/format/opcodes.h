// The operator enumeration, generated from opcodes.def.
#pragma once

#include <cstdint>

namespace ember {

enum class Opcode : uint16_t {
#define EMBER_SPECIAL_OP(Name, code, text) Name = code,
#define EMBER_LOAD_OP(Name, code, text, Type, align) Name = code,
#define EMBER_STORE_OP(Name, code, text, Type, align) Name = code,
#define EMBER_OP1(Name, code, text, Out, A) Name = code,
#define EMBER_OP2(Name, code, text, Out, A, B) Name = code,
#define EMBER_OP3(Name, code, text, Out, A, B, C) Name = code,
#include "runtime/format/opcodes.def"
};

constexpr uint8_t kPrefixMisc = 0xFC;  // saturating truncation, bulk memory, tables
constexpr uint8_t kPrefixSimd = 0xFD;

// The operator's text-format name ("i32.add"), or "<unknown>".
const char* opcodeName(Opcode op);

// The code opcodes.def gives the 0xFC / 0xFD operator with sub-opcode
// `sub` (prefix << 8 | sub, or a relaxed SIMD code), or 0 for none.
uint32_t prefixedOpcode(uint8_t prefix, uint32_t sub);

// The code of the relaxed SIMD operator (WebAssembly 3.0) with 0xFD
// sub-opcode `sub` (0x100 and up), or 0 for none. Most of them may behave as
// a 2.0 operator and are decoded as that one (relaxed_swizzle as swizzle,
// relaxed_laneselect as bitselect, relaxed_min as min, ...), so the engines
// implement only the six of opcodes.def's relaxed rows.
uint32_t relaxedSimdOpcode(uint32_t sub);

}  // namespace ember
