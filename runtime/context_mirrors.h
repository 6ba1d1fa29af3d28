// Copies of a growable object's storage pointer and size that live in the
// VMContexts using it, so engine code reaches them in one load instead of
// going through the context's array of objects. Memory 0 and table 0 of
// every instance are mirrored this way: the object updates every copy when
// it grows, and an instance that goes away unlinks its copies first.
//
// The list is intrusive (each instance holds its own ContextMirror), so
// linking and unlinking allocate nothing, and one non-template class serves
// both pointer types: its code is in the binary once (the interp-only size
// rung sits near a page boundary).
#pragma once

#include <cstdint>

namespace ember {

// One copy: where its fields are, and its place in the object's list.
struct ContextMirror {
  void* storage = nullptr;  // a pointer-typed field (all object pointers share a representation), or null
  uint64_t* size = nullptr;
  ContextMirror* prev = nullptr;
  ContextMirror* next = nullptr;
};

class ContextMirrors {
 public:
  // Sets the copy to the current values and keeps it in sync from now on.
  // `storage` may be null when a context needs only the size.
  template <typename Pointer>
  void add(ContextMirror& mirror, Pointer* storage, uint64_t* size, Pointer current,
           uint64_t currentSize) {
    addErased(mirror, storage, size, current, currentSize);
  }
  // Stops updating `mirror`; nothing happens when it was never added.
  void remove(ContextMirror& mirror);
  // Writes the new storage pointer and size into every copy.
  void update(const void* storage, uint64_t size) const;

 private:
  void addErased(ContextMirror& mirror, void* storage, uint64_t* size, const void* current,
                 uint64_t currentSize);

  ContextMirror* head_ = nullptr;
};

}  // namespace ember
