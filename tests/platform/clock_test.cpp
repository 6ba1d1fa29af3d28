// The monotonic clock.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "platform/ember-platform.h"

namespace ember::test {
namespace {

TEST(Clock, NeverDecreases) {
  uint64_t previous = ember_monotonic_now_ns();
  for (int i = 0; i < 100000; ++i) {
    uint64_t now = ember_monotonic_now_ns();
    ASSERT_GE(now, previous) << i;
    previous = now;
  }
}

TEST(Clock, CountsNanoseconds) {
  uint64_t start = ember_monotonic_now_ns();
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  uint64_t elapsed = ember_monotonic_now_ns() - start;
  EXPECT_GE(elapsed, 20'000'000u);
  EXPECT_LT(elapsed, 20'000'000'000u);  // generous: a loaded machine
}

}  // namespace
}  // namespace ember::test
