#include "runtime/format/opcodes.h"

namespace ember {

const char* opcodeName(Opcode op) {
  switch (op) {
#define EMBER_SPECIAL_OP(Name, code, text) case Opcode::Name: return text;
#define EMBER_LOAD_OP(Name, code, text, Type, align) case Opcode::Name: return text;
#define EMBER_STORE_OP(Name, code, text, Type, align) case Opcode::Name: return text;
#define EMBER_OP1(Name, code, text, Out, A) case Opcode::Name: return text;
#define EMBER_OP2(Name, code, text, Out, A, B) case Opcode::Name: return text;
#define EMBER_OP3(Name, code, text, Out, A, B, C) case Opcode::Name: return text;
#include "runtime/format/opcodes.def"
  }
  return "<unknown>";
}

}  // namespace ember
