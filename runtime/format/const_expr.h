// Decoding of constant expressions (spec 5.4.9 expr, 3.3.10 constant
// expressions): the offsets of segments and the initialisers of globals
// and element items.
#pragma once

#include "runtime/format/module.h"
#include "runtime/format/reader.h"

namespace ember {

// Reads an instruction sequence up to and including its `end`. The first
// instruction, if constant, is decoded into `out`; how the sequence differs
// from a single constant instruction goes to `out.shape`, for
// validateModule to report. Only malformed bytes (an unknown opcode, a bad
// immediate, running out of bytes) fail the reader.
void decodeConstExpr(Reader& r, ConstExpr& out);

}  // namespace ember
