// Per-thread services: the TLS pointer, stack bounds, alternate signal stacks.
#include <gtest/gtest.h>
#include <pthread.h>
#include <signal.h>
#include <sys/mman.h>

#include <cerrno>
#include <thread>
#include <vector>

#include "platform/ember-platform.h"

namespace ember::test {
namespace {

TEST(ThreadLocal, EachThreadHasItsOwnPointer) {
  int mine = 0;
  int theirs = 0;
  ember_tls_set(&mine);
  void* seenAtStart = &mine;  // anything but null
  void* seenAfterSet = nullptr;
  std::thread([&] {
    seenAtStart = ember_tls_get();
    ember_tls_set(&theirs);
    seenAfterSet = ember_tls_get();
  }).join();
  EXPECT_EQ(seenAtStart, nullptr);
  EXPECT_EQ(seenAfterSet, &theirs);
  EXPECT_EQ(ember_tls_get(), &mine);
  ember_tls_set(nullptr);
  EXPECT_EQ(ember_tls_get(), nullptr);
}

bool onStack(uintptr_t low, size_t size, const void* address) {
  auto at = reinterpret_cast<uintptr_t>(address);
  return at >= low && at < low + size;
}

TEST(ThreadStack, MainThreadBoundsContainTheCurrentFrame) {
  uintptr_t low = 0;
  size_t size = 0;
  ASSERT_EQ(ember_thread_stack_bounds(&low, &size), EMBER_PLATFORM_OK);
  EXPECT_GT(size, 64u * 1024);
  EXPECT_TRUE(onStack(low, size, __builtin_frame_address(0)));
  EXPECT_EQ(ember_thread_stack_bounds(nullptr, &size), EMBER_PLATFORM_INVALID_ARGUMENT);
}

void* reportStackBounds(void* out) {
  auto* bounds = static_cast<uintptr_t*>(out);
  size_t size = 0;
  if (ember_thread_stack_bounds(&bounds[0], &size) != EMBER_PLATFORM_OK) return nullptr;
  bounds[1] = size;
  bounds[2] = reinterpret_cast<uintptr_t>(__builtin_frame_address(0));
  return out;
}

TEST(ThreadStack, ThreadBoundsMatchItsRequestedStack) {
  constexpr size_t kRequested = 512 * 1024;
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  ASSERT_EQ(pthread_attr_setstacksize(&attr, kRequested), 0);
  uintptr_t bounds[3] = {};
  pthread_t thread;
  ASSERT_EQ(pthread_create(&thread, &attr, reportStackBounds, bounds), 0);
  void* result = nullptr;
  pthread_join(thread, &result);
  pthread_attr_destroy(&attr);
  ASSERT_EQ(result, bounds);
  // glibc carves the guard page(s) out of the requested size.
  EXPECT_LE(bounds[1], kRequested);
  EXPECT_GE(bounds[1], kRequested - 64 * 1024);
  EXPECT_TRUE(onStack(bounds[0], bounds[1], reinterpret_cast<void*>(bounds[2])));
}

struct AltStackStates {
  stack_t before, afterInit, afterSecondInit, afterTeardown;
};

TEST(SignalStack, InitGivesTheThreadOneAndTeardownRestores) {
  AltStackStates states = {};
  std::thread([&] {
    sigaltstack(nullptr, &states.before);
    ember_thread_init();
    sigaltstack(nullptr, &states.afterInit);
    ember_thread_init();  // idempotent
    sigaltstack(nullptr, &states.afterSecondInit);
    ember_thread_teardown();
    sigaltstack(nullptr, &states.afterTeardown);
  }).join();
  EXPECT_FALSE(states.afterInit.ss_flags & SS_DISABLE);
  EXPECT_GE(states.afterInit.ss_size, 64u * 1024);
  EXPECT_EQ(states.afterSecondInit.ss_sp, states.afterInit.ss_sp);
  // Back to what the thread had before: none, or a sanitizer's own.
  EXPECT_EQ(states.afterTeardown.ss_flags & SS_DISABLE, states.before.ss_flags & SS_DISABLE);
  if (!(states.before.ss_flags & SS_DISABLE)) {
    EXPECT_EQ(states.afterTeardown.ss_sp, states.before.ss_sp);
  }
}

TEST(SignalStack, ABigEnoughExistingStackIsKept) {
  stack_t states[2] = {};
  static char ownStack[256 * 1024];
  std::thread([&] {
    stack_t own = {};
    own.ss_sp = ownStack;
    own.ss_size = sizeof(ownStack);
    sigaltstack(&own, nullptr);
    ember_thread_init();
    sigaltstack(nullptr, &states[0]);
    ember_thread_teardown();
    sigaltstack(nullptr, &states[1]);
    stack_t disable = {};
    disable.ss_flags = SS_DISABLE;
    sigaltstack(&disable, nullptr);
  }).join();
  EXPECT_EQ(states[0].ss_sp, ownStack);
  EXPECT_EQ(states[1].ss_sp, ownStack);
  EXPECT_FALSE(states[1].ss_flags & SS_DISABLE);
}

bool isMapped(void* address) {
  std::vector<unsigned char> residency(1);
  void* page = reinterpret_cast<void*>(reinterpret_cast<uintptr_t>(address) &
                                       ~(uintptr_t(ember_page_size()) - 1));
  return mincore(page, ember_page_size(), residency.data()) == 0 || errno != ENOMEM;
}

TEST(SignalStack, ThreadExitWithoutTeardownFreesIt) {
  void* stack = nullptr;
  std::thread([&] {
    ember_thread_init();
    stack_t current;
    sigaltstack(nullptr, &current);
    stack = current.ss_sp;
    EXPECT_TRUE(isMapped(stack));
  }).join();
  ASSERT_NE(stack, nullptr);
  EXPECT_FALSE(isMapped(stack));
}

}  // namespace
}  // namespace ember::test
