// Hostile class (#11.5): a WASI guest cannot alter the host's stdio. Stdio
// fds are streams to the guest (as in Wasmtime): seeking, telling,
// positioned I/O, truncating, allocating and changing flags all fail
// without reaching the host's open file descriptions, so the host's log
// keeps O_APPEND, its content and its offset, and stdin keeps its flags.
#if EMBER_HAVE_WASI
#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include "tests/wasi/temp_dir.h"
#include "tests/wasi/wasi_shim.h"

namespace ember::test {
namespace {

using namespace ember::wasi;
using S = WasiShim;

class WasiStdio : public testing::TestWithParam<EngineCase> {};

// Everything a guest could try on an fd to change what the host sees.
void attack(WasiShim& s, uint32_t fd) {
  EXPECT_EQ(s.call("fd_seek", {S::I(fd), S::L(0), S::I(0), S::I(kOutAt)}), Errno::SPipe);
  EXPECT_EQ(s.call("fd_seek", {S::I(fd), S::L(0), S::I(2), S::I(kOutAt)}), Errno::SPipe);
  EXPECT_EQ(s.call("fd_tell", {S::I(fd), S::I(kOutAt)}), Errno::SPipe);
  EXPECT_EQ(s.call("fd_filestat_set_size", {S::I(fd), S::L(0)}), Errno::BadF);
  EXPECT_EQ(s.call("fd_allocate", {S::I(fd), S::L(0), S::L(1 << 20)}), Errno::BadF);
  EXPECT_EQ(s.call("fd_fdstat_set_flags", {S::I(fd), S::I(0)}), Errno::BadF);
  EXPECT_EQ(s.call("fd_fdstat_set_flags", {S::I(fd), S::I(kFdflagNonblock)}), Errno::BadF);
  EXPECT_EQ(s.call("fd_fdstat_set_flags", {S::I(fd), S::I(kFdflagAppend)}), Errno::BadF);
  EXPECT_EQ(s.call("fd_filestat_set_times", {S::I(fd), S::L(0), S::L(0), S::I(5)}), Errno::BadF);
  s.put(kBufAt, "EVIL");
  s.store<uint32_t>(kIovAt, kBufAt);
  s.store<uint32_t>(kIovAt + 4, 4);
  EXPECT_EQ(s.call("fd_pwrite", {S::I(fd), S::I(kIovAt), S::I(1), S::L(0), S::I(kOutAt)}),
            Errno::SPipe);
  EXPECT_EQ(s.call("fd_pread", {S::I(fd), S::I(kIovAt), S::I(1), S::L(0), S::I(kOutAt)}),
            Errno::SPipe);
  // Rights cannot be widened to get there either.
  EXPECT_EQ(s.call("fd_fdstat_set_rights", {S::I(fd), S::L(kAllRights), S::L(kAllRights)}),
            Errno::NotCapable);
}

TEST_P(WasiStdio, HostLogKeepsAppendModeContentAndOffset) {
  TempDir io;
  writeWholeFile(io.file("log"), "host line 1\n");
  int log = ::open(io.file("log").c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
  ASSERT_GE(log, 0);
  ASSERT_EQ(::lseek(log, 0, SEEK_END), 12);
  int in[2];
  ASSERT_EQ(::pipe2(in, O_CLOEXEC), 0);
  int inFlags = ::fcntl(in[0], F_GETFL);
  {
    WasiConfig wasi;
    wasi.stdinFd = in[0];
    wasi.stdoutFd = log;
    wasi.stderrFd = log;
    WasiShim s(GetParam().config(), wasi);
    ASSERT_TRUE(s.ok());
    for (uint32_t fd : {0u, 1u, 2u}) attack(s, fd);
    // fd_filestat_get shows only the type of the host's file, not its size.
    ASSERT_EQ(s.call("fd_filestat_get", {S::I(1), S::I(kOutAt)}), Errno::Success);
    EXPECT_EQ(s.load<uint8_t>(kOutAt + 16), static_cast<uint8_t>(WasiFileType::RegularFile));
    EXPECT_EQ(s.load<uint64_t>(kOutAt + 32), 0u);
    // fd_fdstat_get does not show the host's flags either.
    ASSERT_EQ(s.call("fd_fdstat_get", {S::I(1), S::I(kOutAt)}), Errno::Success);
    EXPECT_EQ(s.load<uint16_t>(kOutAt + 2), 0u);
    EXPECT_EQ(s.write(1, "guest line\n"), Errno::Success);
  }
  EXPECT_NE(::fcntl(log, F_GETFL) & O_APPEND, 0) << "the host's stdout lost O_APPEND";
  EXPECT_EQ(::fcntl(in[0], F_GETFL), inFlags) << "the host's stdin flags changed";
  EXPECT_EQ(::fcntl(in[0], F_GETFL) & O_NONBLOCK, 0);
  ASSERT_EQ(::write(log, "host line 2\n", 12), 12);
  EXPECT_EQ(readWholeFile(io.file("log")), "host line 1\nguest line\nhost line 2\n");
  EXPECT_EQ(::lseek(log, 0, SEEK_CUR), 35);
  ::close(log);
  ::close(in[0]);
  ::close(in[1]);
}

TEST_P(WasiStdio, FilesTheGuestOpensStillSeekAndChangeFlags) {
  TempDir dir;
  writeWholeFile(dir.file("f"), "0123456789");
  WasiConfig wasi;
  wasi.preopens = {{dir.path(), "."}};
  wasi.stdinFd = wasi.stdoutFd = wasi.stderrFd = -1;
  WasiShim s(GetParam().config(), wasi);
  ASSERT_TRUE(s.ok());
  uint32_t fd = 0;
  ASSERT_EQ(s.open(3, "f", 0, kFileRights, fd), Errno::Success);
  EXPECT_EQ(s.call("fd_seek", {S::I(fd), S::L(4), S::I(0), S::I(kOutAt)}), Errno::Success);
  EXPECT_EQ(s.load<uint64_t>(kOutAt), 4u);
  EXPECT_EQ(s.call("fd_fdstat_set_flags", {S::I(fd), S::I(kFdflagAppend)}), Errno::Success);
  EXPECT_EQ(s.write(fd, "!"), Errno::Success);
  EXPECT_EQ(s.call("fd_filestat_set_size", {S::I(fd), S::L(3)}), Errno::Success);
  EXPECT_EQ(readWholeFile(dir.file("f")), "012");
}

INSTANTIATE_TEST_SUITE_P(Engines, WasiStdio, testing::ValuesIn(engineCases()), caseParamName);

}  // namespace
}  // namespace ember::test
#endif  // EMBER_HAVE_WASI
