// The piecewise writes of the bulk operators (runtime/bulk_pieces.h): a
// move larger than a piece gives what one memmove gives, for overlapping
// ranges in either direction, and stops before writing anything once the
// deadline has passed.
#include "runtime/bulk_pieces.h"

#include <gtest/gtest.h>

#include <vector>

namespace ember {
namespace {

struct Deadline {
  std::atomic<uint64_t> epoch{0};
  VMContext ctx;
  explicit Deadline(uint64_t deadline) {
    ctx.epochCounter = &epoch;
    ctx.epochDeadline = deadline;
  }
};

std::vector<uint8_t> pattern(size_t size) {
  std::vector<uint8_t> bytes(size);
  for (size_t i = 0; i < size; i++) bytes[i] = static_cast<uint8_t>(i * 31 + (i >> 12));
  return bytes;
}

TEST(BulkPieces, OverlappingMovesMatchOneMemmove) {
  Deadline never(~uint64_t{0});
  const size_t size = 4 * kBulkPieceBytes;
  const uint64_t n = 2 * kBulkPieceBytes + 12345;  // pieces and a part
  for (size_t dst : {size_t{0}, size_t{1000}, size_t{kBulkPieceBytes + 7}}) {
    for (size_t src : {size_t{0}, size_t{999}, size_t{kBulkPieceBytes / 2}}) {
      std::vector<uint8_t> expected = pattern(size), actual = pattern(size);
      std::memmove(expected.data() + dst, expected.data() + src, n);
      ASSERT_TRUE(moveInPieces(&never.ctx, actual.data() + dst, actual.data() + src, n));
      EXPECT_EQ(actual, expected) << "dst " << dst << " src " << src;
    }
  }
}

TEST(BulkPieces, FillsEveryElement) {
  Deadline never(~uint64_t{0});
  std::vector<void*> table(kBulkPieceBytes / sizeof(void*) * 2 + 5, nullptr);
  int marker = 0;
  ASSERT_TRUE(fillInPieces<void*>(&never.ctx, table.data() + 1, &marker, table.size() - 2));
  EXPECT_EQ(table.front(), nullptr);
  EXPECT_EQ(table.back(), nullptr);
  for (size_t i = 1; i + 1 < table.size(); i++) ASSERT_EQ(table[i], &marker) << i;
}

TEST(BulkPieces, APassedDeadlineStopsOnlyLargeOperators) {
  Deadline passed(0);
  std::vector<uint8_t> bytes(2 * kBulkPieceBytes, 0);
  std::vector<uint8_t> source = pattern(bytes.size());
  EXPECT_FALSE(fillInPieces<uint8_t>(&passed.ctx, bytes.data(), 1, bytes.size()));
  EXPECT_FALSE(moveInPieces(&passed.ctx, bytes.data(), source.data(), bytes.size()));
  EXPECT_EQ(bytes, std::vector<uint8_t>(bytes.size(), 0));  // nothing written
  // Up to a piece: no check, done.
  EXPECT_TRUE(fillInPieces<uint8_t>(&passed.ctx, bytes.data(), 1, kBulkPieceBytes));
  EXPECT_TRUE(
      moveInPieces(&passed.ctx, bytes.data() + kBulkPieceBytes, source.data(), kBulkPieceBytes));
  EXPECT_EQ(bytes[kBulkPieceBytes - 1], 1);
  EXPECT_EQ(bytes[kBulkPieceBytes + 5], source[5]);
}

}  // namespace
}  // namespace ember
