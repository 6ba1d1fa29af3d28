#include "runtime/context_mirrors.h"

#include <cstring>

namespace ember {

namespace {
// The field holds some object pointer type; its bytes are those of `value`.
void writePointer(void* field, const void* value) { std::memcpy(field, &value, sizeof value); }
}  // namespace

void ContextMirrors::addErased(ContextMirror& mirror, void* storage, uint64_t* size,
                               const void* current, uint64_t currentSize) {
  mirror.storage = storage;
  mirror.size = size;
  if (storage) writePointer(storage, current);
  *size = currentSize;
  mirror.prev = nullptr;
  mirror.next = head_;
  if (head_) head_->prev = &mirror;
  head_ = &mirror;
}

void ContextMirrors::remove(ContextMirror& mirror) {
  if (mirror.prev) mirror.prev->next = mirror.next;
  else if (head_ == &mirror) head_ = mirror.next;
  else return;  // not in this list
  if (mirror.next) mirror.next->prev = mirror.prev;
  mirror.prev = mirror.next = nullptr;
}

void ContextMirrors::update(const void* storage, uint64_t size) const {
  for (const ContextMirror* m = head_; m; m = m->next) {
    if (m->storage) writePointer(m->storage, storage);
    *m->size = size;
  }
}

}  // namespace ember
