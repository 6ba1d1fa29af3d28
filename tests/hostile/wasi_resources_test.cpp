// Hostile class (#11.4, memory and descriptors): a WASI guest cannot make
// one host call cost memory or time in proportion to a path it passes, nor
// hold an unbounded number of host file descriptors. A 64 MiB path fails at
// once with ENAMETOOLONG (a path of PATH_MAX bytes or more never reaches
// the walk), and path_open past WasiConfig::maxOpenFds fails with EMFILE.
#if EMBER_HAVE_WASI
#include <dirent.h>
#include <gtest/gtest.h>
#include <limits.h>
#include <sys/resource.h>

#include <chrono>

#include "tests/wasi/temp_dir.h"
#include "tests/wasi/wasi_shim.h"

namespace ember::test {
namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;
using namespace ember::wasi;

size_t hostOpenFds() {
  size_t n = 0;
  if (DIR* d = ::opendir("/proc/self/fd")) {
    while (::readdir(d)) ++n;
    ::closedir(d);
  }
  return n;
}

long peakRssKb() {
  rusage u{};
  ::getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;
}

class WasiResources : public testing::TestWithParam<EngineCase> {
 protected:
  WasiShim shim(uint32_t maxOpenFds = WasiConfig{}.maxOpenFds) {
    WasiConfig wasi;
    wasi.preopens = {{dir.path(), "."}};
    wasi.stdinFd = wasi.stdoutFd = wasi.stderrFd = -1;
    wasi.maxOpenFds = maxOpenFds;
    return WasiShim(GetParam().config(), wasi);
  }
  TempDir dir;
};

TEST_P(WasiResources, AHugePathFailsAtOnceWithoutMemory) {
  WasiShim s = shim();
  ASSERT_TRUE(s.ok());
  constexpr uint32_t kLen = 64u << 20;  // "a/a/a/..." 64 MiB
  ASSERT_NE(s.tryCall("memory_grow", {WasiShim::I((kLen >> 16) + 1)}).value(), UINT32_MAX);
  uint8_t* p = s.at(kBufAt);
  for (uint32_t i = 0; i < kLen; ++i) p[i] = i % 2 ? '/' : 'a';
  long rssBefore = peakRssKb();
  for (const char* call : {"path_open", "path_filestat_get", "path_unlink_file", "path_symlink"}) {
    auto start = Clock::now();
    Errno e;
    if (std::string(call) == "path_open")
      e = s.call(call, {WasiShim::I(kPreopen), WasiShim::I(0), WasiShim::I(kBufAt),
                        WasiShim::I(kLen), WasiShim::I(0), WasiShim::L(kFileRights), WasiShim::L(0),
                        WasiShim::I(0), WasiShim::I(kOutAt)});
    else if (std::string(call) == "path_filestat_get")
      e = s.call(call, {WasiShim::I(kPreopen), WasiShim::I(0), WasiShim::I(kBufAt),
                        WasiShim::I(kLen), WasiShim::I(kOutAt)});
    else if (std::string(call) == "path_unlink_file")
      e = s.call(call, {WasiShim::I(kPreopen), WasiShim::I(kBufAt), WasiShim::I(kLen)});
    else  // a huge symlink target
      e = s.call(call, {WasiShim::I(kBufAt), WasiShim::I(kLen), WasiShim::I(kPreopen),
                        WasiShim::I(kPathAt), WasiShim::I(0)});
    EXPECT_EQ(e, Errno::NameTooLong) << call;
    EXPECT_LT(Clock::now() - start, 100ms) << call;
  }
  EXPECT_LT(peakRssKb() - rssBefore, 16 * 1024) << "KB of peak RSS added by the calls";
}

TEST_P(WasiResources, PathMaxIsTheLimit) {
  WasiShim s = shim();
  ASSERT_TRUE(s.ok());
  std::string path;
  while (path.size() < PATH_MAX - 1) path += path.size() % 2 ? '/' : 'a';
  path.resize(PATH_MAX - 1);  // the longest path the host takes
  uint32_t fd = 0;
  EXPECT_EQ(s.open(kPreopen, path, 0, kFileRights, fd), Errno::NoEnt);  // walked: "a" is missing
  path += "a";
  EXPECT_EQ(s.open(kPreopen, path, 0, kFileRights, fd), Errno::NameTooLong);
}

TEST_P(WasiResources, OpenFdsAreCappedPerGuest) {
  writeWholeFile(dir.file("f"), "x");
  size_t hostBefore = hostOpenFds();
  {
    WasiShim s = shim(64);
    ASSERT_TRUE(s.ok());
    uint32_t opened = 0, fd = 0;
    Errno e = Errno::Success;
    while ((e = s.open(kPreopen, "f", 0, kRightFdRead, fd)) == Errno::Success && opened < 1000)
      ++opened;
    EXPECT_EQ(e, Errno::MFile);
    EXPECT_EQ(opened, 64u - 1u);  // the preopen counts too (stdio is closed here)
    EXPECT_LE(hostOpenFds(), hostBefore + 64);
    EXPECT_EQ(s.call("fd_close", {WasiShim::I(10)}), Errno::Success);
    EXPECT_EQ(s.open(kPreopen, "f", 0, kRightFdRead, fd), Errno::Success);
    EXPECT_EQ(fd, 10u);
  }
  EXPECT_EQ(hostOpenFds(), hostBefore);  // all released with the context
}

TEST_P(WasiResources, DefaultCapIsBelowTheHostsLimit) {
  EXPECT_GT(WasiConfig{}.maxOpenFds, 64u);
  rlimit lim{};
  ASSERT_EQ(::getrlimit(RLIMIT_NOFILE, &lim), 0);
  writeWholeFile(dir.file("f"), "x");
  WasiShim s = shim();
  ASSERT_TRUE(s.ok());
  uint32_t opened = 0, fd = 0;
  Errno e = Errno::Success;
  while ((e = s.open(kPreopen, "f", 0, kRightFdRead, fd)) == Errno::Success && opened < 100000)
    ++opened;
  EXPECT_TRUE(e == Errno::MFile || e == Errno::NFile);
  EXPECT_LE(opened, WasiConfig{}.maxOpenFds);
}

INSTANTIATE_TEST_SUITE_P(Engines, WasiResources, testing::ValuesIn(engineCases()), caseParamName);

}  // namespace
}  // namespace ember::test
#endif  // EMBER_HAVE_WASI
