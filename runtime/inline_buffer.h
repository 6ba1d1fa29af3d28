// A fixed-size scratch array that lives on the stack when it is small: the
// arguments and results of one call. Almost every signature fits in
// `InlineCount` values, so calls between the host and wasm allocate nothing
// (a heap allocation and its free cost more than the call itself).
#pragma once

#include <cstddef>
#include <memory>
#include <new>
#include <span>
#include <type_traits>
#include <vector>

namespace ember {

template <typename T, size_t InlineCount>
class InlineBuffer {
  // Elements are never destroyed one by one.
  static_assert(std::is_trivially_destructible_v<T>);

 public:
  // `size` value-initialised elements (only those: constructing all of the
  // inline room would cost as much as the call for a small signature).
  explicit InlineBuffer(size_t size) : size_(size) {
    if (size > InlineCount) heap_.resize(size);
    else std::uninitialized_value_construct_n(inlineData(), size);
  }
  InlineBuffer(const InlineBuffer&) = delete;
  InlineBuffer& operator=(const InlineBuffer&) = delete;

  T* data() { return size_ > InlineCount ? heap_.data() : inlineData(); }
  size_t size() const { return size_; }
  T& operator[](size_t i) { return data()[i]; }
  std::span<T> span() { return {data(), size_}; }

 private:
  T* inlineData() { return std::launder(reinterpret_cast<T*>(inline_)); }

  size_t size_;
  alignas(T) unsigned char inline_[InlineCount * sizeof(T)];
  std::vector<T> heap_;
};

}  // namespace ember
