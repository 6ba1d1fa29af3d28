// A stack whose elements never move: it grows a chunk of elements at a
// time instead of reallocating. A std::vector that doubles holds, at the
// moment it moves its elements, the old buffer and a new one twice as
// large: a hostile body nesting two million blocks (7.6 MB of module) made
// the compilers' control stacks peak at about three times the size of
// their frames, 1.2 GB on the JIT. Here the cost is the frames and at most
// one chunk more, and a reference to an element stays valid while it is on
// the stack.
//
// Popping keeps the element as it is, for the next push at its position:
// elements that own buffers (the JIT's control frames) keep their capacity
// from one block to the next.
#pragma once

#include <cassert>
#include <cstdint>
#include <memory>
#include <vector>

namespace ember {

template <typename T, unsigned kChunkBits = 8>
class ChunkedStack {
 public:
  uint32_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  void clear() { size_ = 0; }

  // The new top element: value-initialised the first time its position is
  // used, else as it was when popped.
  T& push() {
    if ((size_ >> kChunkBits) == chunks_.size())
      chunks_.push_back(std::make_unique<T[]>(size_t{1} << kChunkBits));
    return (*this)[size_++];
  }
  void push(const T& value) { push() = value; }
  void pop() {
    assert(size_ > 0);
    --size_;
  }

  // By position from the bottom.
  T& operator[](uint32_t i) { return chunks_[i >> kChunkBits][i & kIndexMask]; }
  const T& operator[](uint32_t i) const { return chunks_[i >> kChunkBits][i & kIndexMask]; }
  T& back() { return (*this)[size_ - 1]; }
  const T& back() const { return (*this)[size_ - 1]; }
  T& front() { return (*this)[0]; }

 private:
  static constexpr uint32_t kIndexMask = (uint32_t{1} << kChunkBits) - 1;
  std::vector<std::unique_ptr<T[]>> chunks_;
  uint32_t size_ = 0;
};

}  // namespace ember
