// The mark that Store::destroyInstance puts on an instance's own objects
// before it removes every marked one from the store's lists in one pass
// (runtime/store.cpp). A mark in the object needs no set of addresses to
// build, sort and search, which cost every build about 2 KB of code.
#pragma once

namespace ember {

class ReclaimMark {
 public:
  void markForReclaim() { marked_ = true; }
  bool markedForReclaim() const { return marked_; }

 private:
  bool marked_ = false;
};

}  // namespace ember
