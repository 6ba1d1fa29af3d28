// Recognizing the 128-bit multiply helper compilers call.
//
// WebAssembly has no 64 x 64 -> 128-bit multiply, so C's `__int128` and
// Rust's `u128` products call a helper (compiler-rt's `__multi3`) that
// builds one from four 32 x 32-bit partial products: about 60 operators,
// a handful of machine instructions natively. Big-number and elliptic-curve
// code calls it in its innermost loops (libsodium's curve25519 field
// multiply: 25 times each), where the interpreter pays a dispatch per
// operator. A function that provably computes that product is lowered to
// one instruction instead (I128MulStore), which inlining then copies into
// its callers like any small function's code.
//
// "Provably": the function's lowered code (not its body again, DESIGN
// decision 1) is evaluated symbolically into expression terms: slots hold
// terms over the parameters and constants, built by the instructions of
// i64 add, mul, and, or, shl and shr_u (and their fused forms), copies and
// constants; any other instruction ends the attempt. The terms are kept
// in a normal form (sums, products, ands and ors flattened and their
// operands sorted, which is exact in arithmetic modulo 2^64), so equal
// terms compute equal values, and the two stored values are compared with
// the terms of the schoolbook product. A match is exact; any other code is
// kept as lowered.
#pragma once

#include <cstdint>
#include <optional>
#include <span>

#include "runtime/format/types.h"
#include "runtime/interp/code.h"

namespace ember::interp {

// `(param $out i32) (param $aLo i64) (param $aHi i64) (param $bLo i64)
// (param $bHi i64)`, no results: the helper's signature.
bool hasWideMultiplySignature(const FuncType& type);

// Longer code is not examined (compiler-rt's lowers to about 60 words).
constexpr uint32_t kMaxWideMultiplyWords = 256;

// When `code` (a function of that signature, lowered after its entry's
// interrupt checks, with `localSlots` slots of parameters, declared locals
// and the zero slot) stores the product (aHi:aLo) x (bHi:bLo) modulo 2^128
// to memory 0, its high 64 bits at $out + 8 first, then its low 64 bits at
// $out, and ends in Return0: the word of its first store, where a trap in
// it is reported. Otherwise nothing.
std::optional<uint32_t> wideMultiplyFirstStore(std::span<const uint32_t> code, uint32_t localSlots);

}  // namespace ember::interp
