// Canonical function type ids, engine-wide: two structurally equal function
// types get the same id in every module, so call_indirect's signature check
// (spec 4.4.8) across instances is one integer compare.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "runtime/format/types.h"
#include "runtime/threading.h"

namespace ember {

class TypeRegistry {
 public:
  // The id of `type`, allocating one the first time it is seen.
  uint32_t intern(const FuncType& type);
  // The type of an id returned by intern(); stable for the registry's life.
  const FuncType& type(uint32_t id) const;

 private:
  // The slot of `type` in index_: the one holding its id, or the empty
  // one where it would go.
  uint32_t& slotOf(const FuncType& type);
  void growIndex();

  mutable RuntimeMutex mutex_;
  // By id, each type boxed so that references to it outlive growth.
  std::vector<std::unique_ptr<FuncType>> types_;
  // Open addressing with linear probing: id + 1 per used slot, 0 for an
  // empty one; a power of two in size and at most half full. A hash map
  // keyed by FuncType (and a deque beside it) cost every build about 2 KB
  // more code.
  std::vector<uint32_t> index_;
};

}  // namespace ember
