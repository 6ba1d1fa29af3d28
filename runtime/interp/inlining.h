// Inlining small leaf functions into their callers' lowered code.
//
// A call costs the interpreter two heavy dispatches (the call and the
// return) and the copies that put its arguments in place; for a small
// function without branches (a 128-bit multiply helper, a field getter, a
// wrapper that calls on: `free` -> `dlfree`) that is as much as its body.
// So when such a callee is already
// lowered, the lowering of a call to it appends a copy of the callee's
// code instead, with its slots renamed into the caller's frame: the frame
// it would have had starts at the same slot as the call's arguments, so
// callee slot s becomes caller slot base + s, except that a parameter or
// declared local the callee reads before writing it is read where its
// value already is (the caller's local or constant-zero slot the argument
// came from, the zero slot for a declared local). The copy is code of the
// lowering's own output, not a second walk over a wasm body (DESIGN
// decision 1).
//
// What the caller sees is the same: results in the argument slots, the
// same fuel and epoch checks (the callee's entry checks are copied), and
// trap backtraces that still name the callee's frame
// (FunctionCode::inlinedCalls). The one difference is the call depth an
// inlined call does not use: recursion through small functions (a calls
// b, b calls a) reaches the depth limit later than it would have.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "runtime/interp/code.h"

namespace ember::interp {

// Bounds on what is inlined: a callee's code (without its return; code
// with branches, of which a call runs only a part, is held to less), its
// frame, the calls inlined into it in turn, and the code a whole module
// may add per byte of its bodies.
constexpr uint32_t kMaxInlineWords = 128;
constexpr uint32_t kMaxInlineWordsWithBranches = 32;
constexpr uint32_t kMaxInlineFrameSlots = 64;
constexpr uint32_t kMaxNestedInlinedCalls = 4;
// A copy of code with branches zeroes each declared local it writes with an
// instruction of its own, where a call's entry does it without dispatch:
// beyond this many, a call costs less.
constexpr uint32_t kMaxZeroedLocals = 2;
constexpr uint32_t kInlineWordsPerBodyByte = 2;

// Decides, once `func` is lowered, whether it may be inlined
// (FunctionCode::inlineBody): code of instructions whose slot operands
// are known (instruction_shape.h), ending in its only return, within the
// bounds above.
void classifyForInlining(FunctionCode& func);

// One call site: where the callee's frame would start in the caller's,
// where each parameter's value is, and a caller slot that reads as zero.
struct InlineSite {
  uint32_t frameBase;
  std::span<const uint32_t> paramSources;
  uint32_t zeroSlot;
};

// Appends the inlinable `callee`'s code to `caller`'s words, renamed for
// `site`, with its result (if any) in slot frameBase, where a call leaves
// it, and records the inlined call (and those inlined into the callee) in
// `caller.inlinedCalls`.
void appendInlined(const FunctionCode& callee, const InlineSite& site, std::vector<uint32_t>& code,
                   std::vector<FunctionCode::InlinedCall>& inlinedCalls);

}  // namespace ember::interp
