// The guest fd table: numbering, closing, renumbering.
#include "runtime/wasi/wasi_context.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include "runtime/wasi/wasi_rights.h"
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

// Inserts an entry and returns its number (UINT32_MAX when refused).
uint32_t insertFile(WasiContext& c) {
  uint32_t fd = UINT32_MAX;
  return c.insert(fileEntry(), fd) == Errno::Success ? fd : UINT32_MAX;
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
  EXPECT_EQ(insertFile(c), 0u);
  EXPECT_EQ(insertFile(c), 3u);
  EXPECT_EQ(insertFile(c), 4u);
  EXPECT_EQ(c.close(3), Errno::Success);
  EXPECT_EQ(c.close(3), Errno::BadF);
  EXPECT_EQ(insertFile(c), 3u);
}

TEST(WasiContextTest, RenumberMovesAndClosesTheTarget) {
  auto ctx = WasiContext::create({});
  ASSERT_TRUE(ctx);
  WasiContext& c = **ctx;
  uint32_t a = insertFile(c);
  uint32_t b = insertFile(c);
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

TEST(WasiContextTest, OpenFdsAreCappedWithEmfile) {
  WasiConfig config;
  config.maxOpenFds = 5;  // stdio + two more
  auto ctx = WasiContext::create(config);
  ASSERT_TRUE(ctx);
  WasiContext& c = **ctx;
  EXPECT_EQ(insertFile(c), 3u);
  EXPECT_EQ(insertFile(c), 4u);
  EXPECT_FALSE(c.hasRoomForFd());
  WasiFd refused = fileEntry();
  int host = refused.hostFd;
  uint32_t fd = 0;
  EXPECT_EQ(c.insert(std::move(refused), fd), Errno::MFile);
  EXPECT_EQ(fcntl(host, F_GETFD), -1);  // the refused entry's host fd is not leaked
  EXPECT_EQ(c.close(4), Errno::Success);
  EXPECT_EQ(insertFile(c), 4u);
}

TEST(WasiContextTest, StdioAndPreopensGetTheRightsOfTheirKind) {
  test::TempDir a;
  WasiConfig config;
  config.preopens = {{a.path(), "."}};
  auto ctx = WasiContext::create(config);
  ASSERT_TRUE(ctx);
  WasiFd* e = nullptr;
  EXPECT_EQ((*ctx)->lookup(0, wasi::kRightFdRead, e), Errno::Success);
  EXPECT_EQ((*ctx)->lookup(0, wasi::kRightFdWrite, e), Errno::BadF);
  EXPECT_EQ((*ctx)->lookup(1, wasi::kRightFdSeek, e), Errno::BadF);
  EXPECT_EQ((*ctx)->lookup(3, wasi::kRightPathOpen, e), Errno::Success);
  EXPECT_EQ((*ctx)->lookup(3, wasi::kRightFdSeek, e), Errno::NotCapable);
  EXPECT_EQ((*ctx)->lookup(9, 0, e), Errno::BadF);
}

}  // namespace
}  // namespace ember
