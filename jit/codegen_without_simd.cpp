// The SIMD operators in an EMBER_SIMD=OFF build, in place of
// codegen_simd.cpp. The validator refuses every v128 type and operator
// there (kHaveSimd, runtime/format/types.h), so these are never reached;
// they exist so that the code generator links unchanged, and without
// them nothing refers to the backends' SIMD lowerings, which the
// linker's section GC then drops (about 40 KB of x86-64 code).
#include "jit/codegen.h"

namespace ember {

static_assert(!kHaveSimd, "codegen_simd.cpp is the SIMD build's");

void Codegen::visitV128Const(const V128Bytes&) { unsupported("SIMD"); }
void Codegen::emitSimd(Opcode) { unsupported("SIMD"); }
void Codegen::visitI8x16Shuffle(const V128Bytes&) { unsupported("SIMD"); }
void Codegen::visitExtractLane(Opcode, uint8_t) { unsupported("SIMD"); }
void Codegen::visitReplaceLane(Opcode, uint8_t) { unsupported("SIMD"); }
void Codegen::emitSimdLoad(Opcode, MemArg) { unsupported("SIMD"); }
void Codegen::visitLoadLane(Opcode, MemArg, uint8_t) { unsupported("SIMD"); }
void Codegen::visitStoreLane(Opcode, MemArg, uint8_t) { unsupported("SIMD"); }

}  // namespace ember
