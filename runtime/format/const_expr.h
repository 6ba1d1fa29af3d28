// Decoding of constant expressions (spec 5.4.9 expr, 3.3.10 constant
// expressions): the offsets of segments and the initialisers of globals
// and element items.
#pragma once

#include "runtime/format/module.h"
#include "runtime/format/opcodes.h"
#include "runtime/format/reader.h"

namespace ember {

// Reads an instruction sequence up to and including its `end`. The first
// instruction, if constant, is decoded into `out`; how the sequence differs
// from a single constant instruction goes to `out.shape`, for
// validateModule to report. Only malformed bytes (an unknown opcode, a bad
// immediate, running out of bytes) fail the reader.
void decodeConstExpr(Reader& r, ConstExpr& out);

// One instruction of an extended constant expression: its opcode and, for
// t.const and global.get, its immediate (the constant's bits, the index).
struct ConstInstruction {
  Opcode op = Opcode::End;
  uint64_t immediate = 0;
};

// Reads back the instructions of a ConstExpr of Kind::Extended from the
// module's bytes, in order. decodeConstExpr has checked that they decode
// and are t.const, global.get, add, sub or mul of i32 or i64.
class ConstInstructionReader {
 public:
  ConstInstructionReader(const Module& m, const ConstExpr& e);
  // The next instruction; false after the last one.
  bool next(ConstInstruction& out);

 private:
  Reader r_;
};

}  // namespace ember
