// The guest fd table: numbering, closing, renumbering.
#include "runtime/wasi/wasi_context.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include "tests/wasi/guest_runner.h"

namespace ember {
namespace {

using wasi::Errno;

WasiFd fileEntry() {
  WasiFd e;
  e.hostFd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  e.type = WasiFileType::CharacterDevice;
  return e;
}

TEST(WasiContextTest, StdioThenPreopensFromThree) {
  test::TempDir a, b;
  WasiConfig config;
  config.preopens = {{a.path(), "."}, {b.path(), "/data"}};
  auto ctx = WasiContext::create(config);
  ASSERT_TRUE(ctx) << ctx.error().message();
  for (uint32_t fd = 0; fd < 3; ++fd) {
    ASSERT_NE((*ctx)->find(fd), nullptr);
    EXPECT_FALSE((*ctx)->find(fd)->owned);  // the host's stdio stays open
  }
  ASSERT_NE((*ctx)->find(3), nullptr);
  EXPECT_EQ((*ctx)->find(3)->preopenName, ".");
  EXPECT_EQ((*ctx)->find(4)->preopenName, "/data");
  EXPECT_EQ((*ctx)->find(4)->type, WasiFileType::Directory);
  EXPECT_EQ((*ctx)->find(5), nullptr);
}

TEST(WasiContextTest, NewFdsTakeTheLowestFreeNumber) {
  WasiConfig config;
  config.stdinFd = -1;  // guest fd 0 left closed
  auto ctx = WasiContext::create(config);
  ASSERT_TRUE(ctx);
  WasiContext& c = **ctx;
  EXPECT_EQ(c.find(0), nullptr);
  EXPECT_EQ(c.insert(fileEntry()), 0u);
  EXPECT_EQ(c.insert(fileEntry()), 3u);
  EXPECT_EQ(c.insert(fileEntry()), 4u);
  EXPECT_EQ(c.close(3), Errno::Success);
  EXPECT_EQ(c.close(3), Errno::BadF);
  EXPECT_EQ(c.insert(fileEntry()), 3u);
}

TEST(WasiContextTest, RenumberMovesAndClosesTheTarget) {
  auto ctx = WasiContext::create({});
  ASSERT_TRUE(ctx);
  WasiContext& c = **ctx;
  uint32_t a = c.insert(fileEntry());
  uint32_t b = c.insert(fileEntry());
  int hostA = c.find(a)->hostFd;
  int hostB = c.find(b)->hostFd;
  EXPECT_EQ(c.renumber(a, b), Errno::Success);
  EXPECT_EQ(c.find(a), nullptr);
  ASSERT_NE(c.find(b), nullptr);
  EXPECT_EQ(c.find(b)->hostFd, hostA);
  EXPECT_EQ(fcntl(hostB, F_GETFD), -1);  // the replaced descriptor was closed
  EXPECT_EQ(c.renumber(a, b), Errno::BadF);
  EXPECT_EQ(c.renumber(b, 99), Errno::BadF);
}

}  // namespace
}  // namespace ember
