// Canonical function type ids, engine-wide: two structurally equal function
// types get the same id in every module, so call_indirect's signature check
// (spec 4.4.8) across instances is one integer compare.
//
// Each id is counted: a compiled module holds one reference per type it
// declares and a host function one for its own, and the last release frees
// the type. An engine that compiles and drops untrusted modules for as long
// as a service runs then holds only the types of what is alive, where it
// used to keep every type it had ever seen (up to a million per module).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "runtime/format/types.h"
#include "runtime/threading.h"

namespace ember {

class TypeRegistry {
 public:
  // The id of `type`, allocating one the first time it is seen; a
  // reference that release() gives back.
  uint32_t intern(const FuncType& type);
  // Gives back one reference: after the last, the id may be handed out
  // again, for another type. Every executing use of an id (code, tables,
  // host functions) belongs to a holder of a reference.
  void release(uint32_t id);
  // The type of a referenced id; stable while it is referenced.
  const FuncType& type(uint32_t id) const;
  // How many types are referenced now.
  size_t liveCount() const;

 private:
  struct Entry {
    std::unique_ptr<FuncType> type;  // boxed: references outlive growth; null when free
    size_t hash = 0;                 // seededHash
    // 64 bits: a module holds one reference per type it declares (up to a
    // million, all perhaps the same type), so 32 could wrap to zero with
    // a few thousand such modules alive and free a type still in use.
    uint64_t references = 0;
  };
  size_t seededHash(const FuncType& type) const;
  // The slot of `type` in index_: the one holding its id, or the empty
  // one where it would go.
  uint32_t& slotOf(const FuncType& type, size_t hash);
  void growIndex();
  void eraseFromIndex(uint32_t id);

  mutable RuntimeMutex mutex_;
  std::vector<Entry> entries_;     // by id
  std::vector<uint32_t> freeIds_;  // ids of freed entries, handed out first
  size_t live_ = 0;
  // Open addressing with linear probing: id + 1 per used slot, 0 for an
  // empty one; a power of two in size and at most half full. A hash map
  // keyed by FuncType (and a deque beside it) cost every build about 2 KB
  // more code.
  std::vector<uint32_t> index_;
};

}  // namespace ember
