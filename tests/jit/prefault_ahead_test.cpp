// PrefaultAhead: which ranges of a growing buffer it hands to the
// platform's prefault, and when.
#include "jit/prefault_ahead.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

namespace ember {
namespace {

struct Range {
  uintptr_t begin;
  size_t size;
};
std::vector<Range> requested;
void recordPrefault(void* addr, size_t size) {
  requested.push_back({reinterpret_cast<uintptr_t>(addr), size});
}

TEST(PrefaultAhead, StartMakesTheFirstBytesPresentAndWaitsForTheMargin) {
  requested.clear();
  std::vector<uint8_t> buffer(1000);
  PrefaultAhead ahead(100, 20);
  ahead.start(recordPrefault, buffer.data(), 300);
  ASSERT_EQ(requested.size(), 1u);
  EXPECT_EQ(requested[0].begin, reinterpret_cast<uintptr_t>(buffer.data()));
  EXPECT_EQ(requested[0].size, 300u);
  EXPECT_FALSE(ahead.due(buffer.data(), 280));  // 20 left: the margin
  EXPECT_TRUE(ahead.due(buffer.data(), 281));
}

TEST(PrefaultAhead, AdvanceTakesTheNextChunkAndStopsAtTheCapacity) {
  requested.clear();
  std::vector<uint8_t> buffer(250);
  PrefaultAhead ahead(100, 20);
  ahead.start(recordPrefault, buffer.data(), 100);
  ahead.advance(buffer.data(), 90, buffer.size());
  ASSERT_EQ(requested.size(), 2u);
  EXPECT_EQ(requested[1].begin, reinterpret_cast<uintptr_t>(buffer.data()) + 100);
  EXPECT_EQ(requested[1].size, 100u);
  EXPECT_FALSE(ahead.due(buffer.data(), 180));
  // Used past what is present (a function larger than the margin): the
  // chunk starts where the use ends, not below it.
  ahead.advance(buffer.data(), 230, buffer.size());
  ASSERT_EQ(requested.size(), 3u);
  EXPECT_EQ(requested[2].begin, reinterpret_cast<uintptr_t>(buffer.data()) + 230);
  EXPECT_EQ(requested[2].size, 20u);            // to the capacity, not past it
  EXPECT_FALSE(ahead.due(buffer.data(), 250));  // all of it is present
}

TEST(PrefaultAhead, AVectorKeepsAChunkAheadAndStartsAgainWhenItMoves) {
  requested.clear();
  std::vector<uint32_t> table;
  table.reserve(1000);  // 4,000 bytes
  PrefaultAhead ahead(1024, 256);
  ahead.start(recordPrefault, nullptr, 0);
  ahead.keepAhead(table);  // a new buffer: its first chunk
  ASSERT_EQ(requested.size(), 1u);
  EXPECT_EQ(requested[0].begin, reinterpret_cast<uintptr_t>(table.data()));
  EXPECT_EQ(requested[0].size, 1024u);
  for (uint32_t i = 0; i < 192; i++) table.push_back(i);  // 768 bytes: 256 left
  ahead.keepAhead(table);
  EXPECT_EQ(requested.size(), 1u);
  table.push_back(0);
  ahead.keepAhead(table);
  ASSERT_EQ(requested.size(), 2u);
  EXPECT_EQ(requested[1].begin, reinterpret_cast<uintptr_t>(table.data()) + 1024);
  EXPECT_EQ(requested[1].size, 1024u);

  // Grown past its capacity, the vector has moved: what it copied is
  // present, the chunk past it is not.
  table.resize(table.capacity());
  table.push_back(0);  // doubles the capacity
  const size_t used = table.size() * sizeof(uint32_t);
  ahead.keepAhead(table);
  ASSERT_EQ(requested.size(), 3u);
  EXPECT_EQ(requested[2].begin, reinterpret_cast<uintptr_t>(table.data()) + used);
  EXPECT_EQ(requested[2].size, std::min<size_t>(1024, table.capacity() * sizeof(uint32_t) - used));
}

TEST(PrefaultAhead, StoppedOrWithoutAPrefaultItAsksForNothing) {
  requested.clear();
  std::vector<uint8_t> table(10, 0);
  PrefaultAhead none(64, 8);
  none.start(nullptr, nullptr, 0);
  none.keepAhead(table);
  PrefaultAhead stopped(64, 8);
  stopped.start(recordPrefault, table.data(), 4);
  stopped.stop();
  table.resize(5000);
  stopped.keepAhead(table);
  EXPECT_EQ(requested.size(), 1u);  // only start's
}

}  // namespace
}  // namespace ember
