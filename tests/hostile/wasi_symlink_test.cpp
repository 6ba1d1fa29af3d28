// Hostile class (#11.7, WASI): symlinks a guest makes cannot point a host
// program outside the preopen, and POSIX's dot-path rules hold: a relative
// target whose ".." climbs above the preopen is refused (EPERM, as an
// absolute one) — also when a link is renamed or hard-linked higher up —,
// rmdir("dir/.") is EINVAL and unlink("link/.") never
// removes the link (ENOTDIR for a link to a file, EISDIR to a directory).
#if EMBER_HAVE_WASI
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tests/wasi/temp_dir.h"
#include "tests/wasi/wasi_shim.h"

namespace ember::test {
namespace {

using namespace ember::wasi;
constexpr uint32_t kDirectoryOflag = 2;

bool exists(const std::string& path) {
  struct stat st;
  return ::lstat(path.c_str(), &st) == 0;
}

class WasiSymlink : public testing::TestWithParam<EngineCase> {
 protected:
  void SetUp() override {
    ::mkdir(root.file("box").c_str(), 0755);
    ::mkdir(root.file("box/a").c_str(), 0755);
    ::mkdir(root.file("box/a/b").c_str(), 0755);
    writeWholeFile(root.file("secret"), "host secret");
    writeWholeFile(root.file("box/file"), "x");
  }
  WasiShim shim() {
    WasiConfig wasi;
    wasi.preopens = {{root.file("box"), "."}};
    wasi.stdinFd = wasi.stdoutFd = wasi.stderrFd = -1;
    return WasiShim(GetParam().config(), wasi);
  }
  TempDir root;  // the preopen is root/box; root/secret is outside
};

TEST_P(WasiSymlink, TargetsThatClimbOutAreRefused) {
  WasiShim s = shim();
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s.symlink("../secret", kPreopen, "l1"), Errno::Perm);
  EXPECT_EQ(s.symlink("a/../../secret", kPreopen, "l2"), Errno::Perm);
  EXPECT_EQ(s.symlink("../../../secret", kPreopen, "a/b/l3"), Errno::Perm);
  EXPECT_EQ(s.symlink("/etc/passwd", kPreopen, "l4"), Errno::Perm);
  for (const char* name : {"l1", "l2", "a/b/l3", "l4"})
    EXPECT_FALSE(exists(root.file("box/") + name));
  // Through a directory fd opened below the preopen, depth still counts.
  uint32_t b = 0;
  ASSERT_EQ(
      s.open(kPreopen, "a/b", kDirectoryOflag, kDirectoryRights, b, 0, kDirectoryInheritingRights),
      Errno::Success);
  EXPECT_EQ(s.symlink("../../../secret", b, "l5"), Errno::Perm);
  EXPECT_EQ(s.symlink("../../file", b, "ok5"), Errno::Success);
  // Targets that stay inside are fine, however deep.
  EXPECT_EQ(s.symlink("../../file", kPreopen, "a/b/ok1"), Errno::Success);
  EXPECT_EQ(s.symlink("./a/../file", kPreopen, "ok2"), Errno::Success);
  EXPECT_EQ(s.symlink("nothing/yet", kPreopen, "ok3"), Errno::Success);
  EXPECT_EQ(readWholeFile(root.file("box/a/b/ok1")), "x");  // the host follows it inside
  EXPECT_EQ(readWholeFile(root.file("box/a/b/ok5")), "x");
}

TEST_P(WasiSymlink, MovingALinkUpCannotMakeItClimbOut) {
  WasiShim s = shim();
  ASSERT_TRUE(s.ok());
  ASSERT_EQ(s.symlink("../../file", kPreopen, "a/b/l"), Errno::Success);  // fine down there
  EXPECT_EQ(s.twoPaths("path_rename", kPreopen, "a/b/l", kPreopen, "l"), Errno::Perm);
  EXPECT_EQ(s.link(kPreopen, "a/b/l", kPreopen, "l"), Errno::Perm);
  EXPECT_FALSE(exists(root.file("box/l")));
  EXPECT_EQ(s.twoPaths("path_rename", kPreopen, "a/b/l", kPreopen, "a/b/l2"), Errno::Success);
  EXPECT_EQ(readWholeFile(root.file("box/a/b/l2")), "x");
}

TEST_P(WasiSymlink, RmdirDotIsEinval) {
  WasiShim s = shim();
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s.pathCall("path_remove_directory", kPreopen, "a/b/."), Errno::Inval);
  EXPECT_EQ(s.pathCall("path_remove_directory", kPreopen, "a/b/./"), Errno::Inval);
  EXPECT_TRUE(exists(root.file("box/a/b")));
}

TEST_P(WasiSymlink, UnlinkLinkDotNeverRemovesTheLink) {
  ASSERT_EQ(::symlink("file", root.file("box/flink").c_str()), 0);
  ASSERT_EQ(::symlink("a", root.file("box/dlink").c_str()), 0);
  WasiShim s = shim();
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s.pathCall("path_unlink_file", kPreopen, "flink/."), Errno::NotDir);
  EXPECT_EQ(s.pathCall("path_unlink_file", kPreopen, "dlink/."), Errno::IsDir);
  EXPECT_TRUE(exists(root.file("box/flink")));
  EXPECT_TRUE(exists(root.file("box/dlink")));
  EXPECT_TRUE(exists(root.file("box/file")));
  EXPECT_TRUE(exists(root.file("box/a")));
}

INSTANTIATE_TEST_SUITE_P(Engines, WasiSymlink, testing::ValuesIn(engineCases()), caseParamName);

}  // namespace
}  // namespace ember::test
#endif  // EMBER_HAVE_WASI
