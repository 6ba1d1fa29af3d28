// Executable code regions: guard pages, W^X, seal, run.
#include <gtest/gtest.h>

#include <cstring>

#include "platform/ember-platform.h"
#include "tests/platform/fault_probe.h"
#include "tests/platform/machine_code.h"

namespace ember::test {
namespace {

size_t page() { return ember_page_size(); }

class CodeRegion : public ::testing::Test {
 protected:
  void TearDown() override { ember_code_region_free(region_); }

  ember_code_region* alloc(size_t size) {
    EXPECT_EQ(ember_code_region_alloc(size, &region_), EMBER_PLATFORM_OK);
    return region_;
  }

  ember_code_region* region_ = nullptr;
};

TEST_F(CodeRegion, SizeIsRoundedToPagesAndGuarded) {
  alloc(1);
  uint8_t* start = ember_code_region_start(region_);
  EXPECT_EQ(ember_code_region_size(region_), page());
  EXPECT_EQ(reinterpret_cast<uintptr_t>(start) % page(), 0u);
  EXPECT_FALSE(writeFaults(start));
  EXPECT_FALSE(writeFaults(start + page() - 1));
  EXPECT_TRUE(readFaults(start - 1));       // guard page before
  EXPECT_TRUE(readFaults(start + page()));  // guard page after
}

TEST_F(CodeRegion, SealedCodeRuns) {
  alloc(64);
  Bytes code = returnFortyTwo();
  std::memcpy(ember_code_region_start(region_), code.data(), code.size());
  ASSERT_EQ(ember_code_region_seal(region_, code.size()), EMBER_PLATFORM_OK);
  auto function = reinterpret_cast<int (*)()>(ember_code_region_start(region_));
  EXPECT_EQ(function(), 42);
}

TEST_F(CodeRegion, IsNeverWritableAndExecutable) {
  alloc(64);
  Bytes code = returnFortyTwo();
  uint8_t* start = ember_code_region_start(region_);
  std::memcpy(start, code.data(), code.size());
  auto function = reinterpret_cast<int (*)()>(start);
  EXPECT_TRUE(faults([&] { function(); })) << "writable code must not be executable";
  ASSERT_EQ(ember_code_region_seal(region_, code.size()), EMBER_PLATFORM_OK);
  EXPECT_TRUE(writeFaults(start)) << "sealed code must not be writable";
  EXPECT_EQ(start[0], code[0]);
  EXPECT_EQ(function(), 42);
}

TEST_F(CodeRegion, UnusedPagesBecomeGuardsAtSeal) {
  alloc(3 * page());
  uint8_t* start = ember_code_region_start(region_);
  ASSERT_EQ(ember_code_region_size(region_), 3 * page());
  ASSERT_EQ(ember_code_region_seal(region_, page() + 1), EMBER_PLATFORM_OK);
  EXPECT_FALSE(readFaults(start + page()));  // the page holding the last code byte
  EXPECT_TRUE(readFaults(start + 2 * page()));
}

TEST_F(CodeRegion, SealingNothingLeavesNoAccess) {
  alloc(page());
  ASSERT_EQ(ember_code_region_seal(region_, 0), EMBER_PLATFORM_OK);
  EXPECT_TRUE(readFaults(ember_code_region_start(region_)));
}

TEST_F(CodeRegion, SealIsOneWayAndChecked) {
  alloc(page());
  EXPECT_EQ(ember_code_region_seal(region_, page() + 1), EMBER_PLATFORM_INVALID_ARGUMENT);
  EXPECT_EQ(ember_code_region_seal(region_, 16), EMBER_PLATFORM_OK);
  EXPECT_EQ(ember_code_region_seal(region_, 16), EMBER_PLATFORM_INVALID_ARGUMENT);
}

TEST_F(CodeRegion, BadAllocationsAreReported) {
  ember_code_region* region = nullptr;
  EXPECT_EQ(ember_code_region_alloc(0, &region), EMBER_PLATFORM_INVALID_ARGUMENT);
  EXPECT_EQ(ember_code_region_alloc(16, nullptr), EMBER_PLATFORM_INVALID_ARGUMENT);
  EXPECT_EQ(ember_code_region_alloc(SIZE_MAX, &region), EMBER_PLATFORM_INVALID_ARGUMENT);
  EXPECT_EQ(region, nullptr);
  ember_code_region_free(nullptr);  // a no-op
}

TEST_F(CodeRegion, SeveralStubsInOneRegion) {
  StubRegion stubs({returnFortyTwo(), loadThroughArg0()});
  uint32_t value = 0xDEADBEEF;
  EXPECT_EQ(stubs.function<int (*)()>(0)(), 42);
  EXPECT_EQ(stubs.function<uint64_t (*)(const uint32_t*)>(1)(&value), 0xDEADBEEFu);
  EXPECT_EQ(stubs.address(1) % 16, 0u);
}

}  // namespace
}  // namespace ember::test
