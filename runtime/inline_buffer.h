// A fixed-size scratch array that lives on the stack when it is small: the
// arguments and results of one call. Almost every signature fits in
// `InlineCount` values, so calls between the host and wasm allocate nothing
// (a heap allocation and its free cost more than the call itself).
#pragma once

#include <cstddef>
#include <span>
#include <vector>

namespace ember {

template <typename T, size_t InlineCount>
class InlineBuffer {
 public:
  // `size` elements, value-initialised on the heap and default-initialised
  // inline (T is a trivial cell type or has its own default constructor).
  explicit InlineBuffer(size_t size) : size_(size) {
    if (size > InlineCount) heap_.resize(size);
  }
  InlineBuffer(const InlineBuffer&) = delete;
  InlineBuffer& operator=(const InlineBuffer&) = delete;

  T* data() { return size_ > InlineCount ? heap_.data() : inline_; }
  size_t size() const { return size_; }
  T& operator[](size_t i) { return data()[i]; }
  std::span<T> span() { return {data(), size_}; }

 private:
  size_t size_;
  T inline_[InlineCount];
  std::vector<T> heap_;
};

}  // namespace ember
