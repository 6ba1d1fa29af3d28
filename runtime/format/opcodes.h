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

}  // namespace ember
