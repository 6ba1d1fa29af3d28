// Copies of a growable object's storage pointer and size that live in the
// VMContexts using it, so engine code reaches them in one load instead of
// going through the context's array of objects. Memory 0 and table 0 of
// every instance are mirrored this way; the object updates every copy when
// it grows, and an instance that goes away stops its copy first.
#pragma once

#include <cstdint>
#include <vector>

namespace ember {

template <typename Storage>
class ContextMirrors {
 public:
  // Sets the copy to the current values and keeps it in sync from now on.
  // `storage` may be null when a context needs only the size.
  void add(Storage* storage, uint64_t* size, Storage currentStorage, uint64_t currentSize) {
    if (storage) *storage = currentStorage;
    *size = currentSize;
    mirrors_.push_back(Mirror{storage, size});
  }
  // Stops updating the copy whose size field is `size`.
  void remove(const uint64_t* size) {
    std::erase_if(mirrors_, [size](const Mirror& m) { return m.size == size; });
  }
  void update(Storage storage, uint64_t size) const {
    for (const Mirror& m : mirrors_) {
      if (m.storage) *m.storage = storage;
      *m.size = size;
    }
  }

 private:
  struct Mirror {
    Storage* storage;
    uint64_t* size;
  };
  std::vector<Mirror> mirrors_;
};

}  // namespace ember
