// How the runtime's growable blocks (a table's elements, a heap memory
// without signals) size the block they move to when they outgrow theirs.
#pragma once

#include <algorithm>
#include <cstdint>

namespace ember {

// Twice the old capacity, so that growing one unit at a time copies the
// contents a logarithmic number of times rather than on every grow (which
// is quadratic: a guest can grow a table or memory in a loop), never past
// `maximum`, and at least `needed`.
constexpr uint64_t doubledCapacity(uint64_t needed, uint64_t capacity, uint64_t maximum) {
  return std::max(needed, std::min(2 * capacity, maximum));
}

// The most a growable block may hold: its own maximum, and no more than
// the store's limit still lets it grow to (`storeAvailable`, after the
// grow took its share), so that room held for later growth never passes
// what the embedder allowed the store.
constexpr uint64_t capacityLimit(uint64_t needed, uint64_t maximum, uint64_t storeAvailable) {
  return std::min(maximum, needed + std::min(storeAvailable, maximum));
}

}  // namespace ember
