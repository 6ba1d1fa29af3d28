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
// "Provably": the body is evaluated symbolically into expression terms
// (straight-line code of i64 add, mul, and, or, shl and shr_u, local
// get/set/tee and constants, and two stores), the terms are put in a normal
// form (sums, products, ands and ors flattened and their operands sorted,
// which is exact in arithmetic modulo 2^64) and compared with those of the
// schoolbook product. Equal terms compute equal values, so a match is
// exact; any other body is lowered as written.
#pragma once

#include <cstdint>
#include <optional>

#include "runtime/format/module.h"

namespace ember::interp {

// When defined function `definedIndex` of `module` (already validated) is
// `(param $out i32) (param $aLo i64) (param $aHi i64) (param $bLo i64)
// (param $bHi i64)` and stores the product (aHi:aLo) x (bHi:bLo) modulo
// 2^128 to memory 0, its high 64 bits at $out + 8 first, then its low 64
// bits at $out: the module byte offset of its first store, where a trap
// in it is reported. Otherwise nothing.
std::optional<uint32_t> wideMultiplyFirstStore(const Module& module, uint32_t definedIndex);

}  // namespace ember::interp
