// The SIMD part of the lowering in an EMBER_SIMD=OFF build, in place of
// lowering_simd.cpp. The validators refuse every v128 type and operator
// there (kHaveSimd, runtime/format/types.h), so the scalar lowering never
// takes the paths that lead here; they exist so that it links unchanged.
#include <cstdlib>

#include "runtime/interp/lowering.h"

namespace ember::interp {

static_assert(!kHaveSimd, "lowering_simd.cpp is the SIMD build's");

// Asked on scalar paths too: with no SIMD, no instruction writes a v128.
bool Lowering::writesV128(IOp) { return false; }

[[noreturn]] static void refusedByTheValidator() { std::abort(); }

void Lowering::visitV128Const(const V128Bytes&) { refusedByTheValidator(); }
void Lowering::visitI8x16Shuffle(const V128Bytes&) { refusedByTheValidator(); }
void Lowering::visitExtractLane(Opcode, uint8_t) { refusedByTheValidator(); }
void Lowering::visitReplaceLane(Opcode, uint8_t) { refusedByTheValidator(); }
void Lowering::visitLoadLane(Opcode, MemArg, uint8_t) { refusedByTheValidator(); }
void Lowering::visitStoreLane(Opcode, MemArg, uint8_t) { refusedByTheValidator(); }
void Lowering::localTeeV128(uint32_t) { refusedByTheValidator(); }
void Lowering::selectV128() { refusedByTheValidator(); }
void Lowering::globalGetV128(uint32_t) { refusedByTheValidator(); }
void Lowering::globalSetV128(uint32_t) { refusedByTheValidator(); }
void Lowering::simdLoad(Opcode, MemArg) { refusedByTheValidator(); }
void Lowering::simdStore(MemArg) { refusedByTheValidator(); }
void Lowering::simdNumeric(Opcode) { refusedByTheValidator(); }

}  // namespace ember::interp
