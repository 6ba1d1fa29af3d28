// The writes of the bulk memory and table operators (memory.fill, .copy,
// .init; table.fill, .copy, .init), for the interpreter and the JIT's
// builtins alike. A large one goes in pieces of about 1 MiB with an epoch
// check before each: one memory.fill of 4 GiB takes seconds (most of it
// first-touch page faults), and a store's deadline must not wait for it
// (DESIGN decision 8). When the deadline has passed the operator stops and
// traps "interrupted"; the pieces before stay written, as the stores of any
// code that ran before an interruption do. Operators up to a piece long,
// nearly all of them, pay no check. Bounds are checked by the callers
// before anything is written (spec 4.4.7).
#pragma once

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstring>

#include "abi/vm_context.h"

namespace ember {

constexpr uint64_t kBulkPieceBytes = uint64_t{1} << 20;

// Whether the store of `ctx` has reached its epoch deadline. Its contexts
// hold no deadline unless Config::epochInterruption (Store), so this is
// false then.
inline bool epochDeadlineReached(const VMContext* ctx) {
  return ctx->epochCounter &&
         ctx->epochCounter->load(std::memory_order_relaxed) >= ctx->epochDeadline;
}

// Sets `n` elements at `dst` to `value`; false when interrupted.
template <typename T>
bool fillInPieces(const VMContext* ctx, T* dst, T value, uint64_t n) {
  constexpr uint64_t piece = kBulkPieceBytes / sizeof(T);
  for (uint64_t done = 0; done < n; done += piece) {
    if (n > piece && epochDeadlineReached(ctx)) return false;
    std::fill_n(dst + done, std::min(piece, n - done), value);
  }
  return true;
}

// memmove of `bytes` bytes (table elements too: one instance of the loop
// is less code); false when interrupted. Overlapping ranges stay right: a
// move to lower addresses goes front to back, one to higher addresses back
// to front, so no piece overwrites a source not yet read.
inline bool moveInPieces(const VMContext* ctx, void* dst, const void* src, uint64_t bytes) {
  if (bytes <= kBulkPieceBytes) {
    if (bytes) std::memmove(dst, src, bytes);
    return true;
  }
  auto* to = static_cast<uint8_t*>(dst);
  const auto* from = static_cast<const uint8_t*>(src);
  const bool backwards = to > from;
  for (uint64_t done = 0; done < bytes; done += kBulkPieceBytes) {
    if (epochDeadlineReached(ctx)) return false;
    uint64_t count = std::min(kBulkPieceBytes, bytes - done);
    uint64_t at = backwards ? bytes - done - count : done;
    std::memmove(to + at, from + at, count);
  }
  return true;
}

}  // namespace ember
