// The sandbox on its own: resolvePath against a real directory tree with
// every kind of escape, without a guest in between.
#include "runtime/wasi/path_resolution.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tests/wasi/guest_runner.h"

namespace ember::wasi {
namespace {

using test::TempDir;
using test::writeWholeFile;

// <tmp>/secret.txt outside; <tmp>/root is the sandbox:
//   root/a/b/file.txt, root/link_in -> a/b/file.txt, root/link_out -> ../secret.txt,
//   root/link_abs -> <tmp>/secret.txt, root/dir_out -> .., root/a/up -> ../..,
//   root/loop_a <-> root/loop_b, root/a/rel -> ../a/b, root/dirlink -> a/b/
class PathResolutionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string root = tmp_.file("root");
    writeWholeFile(tmp_.file("secret.txt"), "secret");
    ASSERT_EQ(mkdir(root.c_str(), 0755), 0);
    ASSERT_EQ(mkdir((root + "/a").c_str(), 0755), 0);
    ASSERT_EQ(mkdir((root + "/a/b").c_str(), 0755), 0);
    writeWholeFile(root + "/a/b/file.txt", "inside");
    ASSERT_EQ(symlink("a/b/file.txt", (root + "/link_in").c_str()), 0);
    ASSERT_EQ(symlink("../secret.txt", (root + "/link_out").c_str()), 0);
    ASSERT_EQ(symlink(tmp_.file("secret.txt").c_str(), (root + "/link_abs").c_str()), 0);
    ASSERT_EQ(symlink("..", (root + "/dir_out").c_str()), 0);
    ASSERT_EQ(symlink("../..", (root + "/a/up").c_str()), 0);
    ASSERT_EQ(symlink("loop_b", (root + "/loop_a").c_str()), 0);
    ASSERT_EQ(symlink("loop_a", (root + "/loop_b").c_str()), 0);
    ASSERT_EQ(symlink("../a/b", (root + "/a/rel").c_str()), 0);
    ASSERT_EQ(symlink("a/b/", (root + "/dirlink").c_str()), 0);
    rootFd_ = open(root.c_str(), O_RDONLY | O_DIRECTORY);
    ASSERT_GE(rootFd_, 0);
  }
  void TearDown() override { close(rootFd_); }

  Errno resolve(const char* path, bool follow = true) {
    ResolvedPath r;
    return resolvePath(rootFd_, path, follow, r);
  }
  // Reads the file the path resolves to, or "" when it cannot be opened.
  std::string read(const char* path) {
    ResolvedPath r;
    if (resolvePath(rootFd_, path, true, r) != Errno::Success) return "";
    int fd = openat(r.dirFd(), r.name().c_str(), O_RDONLY | O_NOFOLLOW);
    if (fd < 0) return "";
    char buf[64] = {0};
    ssize_t n = ::read(fd, buf, sizeof buf - 1);
    close(fd);
    return n > 0 ? std::string(buf, n) : "";
  }

  TempDir tmp_;
  int rootFd_ = -1;
};

TEST_F(PathResolutionTest, ResolvesPlainPathsInside) {
  EXPECT_EQ(read("a/b/file.txt"), "inside");
  EXPECT_EQ(read("./a//b/./file.txt"), "inside");
  EXPECT_EQ(read("a/../a/b/file.txt"), "inside");
}

TEST_F(PathResolutionTest, FollowsSymlinksThatStayInside) {
  EXPECT_EQ(read("link_in"), "inside");
  EXPECT_EQ(read("a/rel/file.txt"), "inside");
}

TEST_F(PathResolutionTest, DotDotAboveTheRootIsRefused) {
  EXPECT_EQ(resolve("../secret.txt"), Errno::NotCapable);
  EXPECT_EQ(resolve(".."), Errno::NotCapable);
  EXPECT_EQ(resolve("a/../../secret.txt"), Errno::NotCapable);
  EXPECT_EQ(resolve("a/b/../../../secret.txt"), Errno::NotCapable);
}

TEST_F(PathResolutionTest, AbsolutePathsAreRefused) {
  EXPECT_EQ(resolve("/etc/passwd"), Errno::NotCapable);
  EXPECT_EQ(resolve(tmp_.file("secret.txt").c_str()), Errno::NotCapable);
}

TEST_F(PathResolutionTest, FinalSymlinkOutIsRefused) {
  EXPECT_EQ(resolve("link_out"), Errno::NotCapable);
  EXPECT_EQ(resolve("link_abs"), Errno::NotCapable);
  EXPECT_EQ(read("link_out"), "");
}

TEST_F(PathResolutionTest, IntermediateSymlinkOutIsRefused) {
  EXPECT_EQ(resolve("dir_out/secret.txt"), Errno::NotCapable);
  EXPECT_EQ(resolve("a/up/secret.txt"), Errno::NotCapable);
  EXPECT_EQ(resolve("dir_out/root/a", false), Errno::NotCapable);
}

TEST_F(PathResolutionTest, UnfollowedFinalSymlinkIsTheLinkItself) {
  ResolvedPath r;
  ASSERT_EQ(resolvePath(rootFd_, "link_out", false, r), Errno::Success);
  EXPECT_EQ(r.name(), "link_out");
  // Opening it without following fails instead of leaving the sandbox.
  EXPECT_LT(openat(r.dirFd(), r.name().c_str(), O_RDONLY | O_NOFOLLOW), 0);
  EXPECT_EQ(errno, ELOOP);
}

TEST_F(PathResolutionTest, SymlinkLoopsEndWithLoop) {
  EXPECT_EQ(resolve("loop_a"), Errno::Loop);
  EXPECT_EQ(resolve("loop_a/x"), Errno::Loop);
}

TEST_F(PathResolutionTest, MissingAndMalformedPaths) {
  EXPECT_EQ(resolve(""), Errno::NoEnt);
  EXPECT_EQ(resolve("nope/x"), Errno::NoEnt);
  EXPECT_EQ(resolve("a/b/file.txt/x"), Errno::NotDir);
  ResolvedPath r;
  EXPECT_EQ(resolvePath(rootFd_, std::string_view("a\0b", 3), true, r), Errno::IlSeq);
  // A missing last component is fine: it may be about to be created.
  ASSERT_EQ(resolvePath(rootFd_, "a/new.txt", true, r), Errno::Success);
  EXPECT_EQ(r.name(), "new.txt");
}

TEST_F(PathResolutionTest, TrailingSlashOfALinkTargetCountsOnlyAtTheEnd) {
  ResolvedPath r;
  ASSERT_EQ(resolvePath(rootFd_, "dirlink/file.txt", true, r), Errno::Success);
  EXPECT_FALSE(r.trailingSlash());
  EXPECT_EQ(read("dirlink/file.txt"), "inside");
  ASSERT_EQ(resolvePath(rootFd_, "dirlink", true, r), Errno::Success);
  EXPECT_TRUE(r.trailingSlash());
}

TEST_F(PathResolutionTest, PathsNamingADirectoryEndInDot) {
  ResolvedPath r;
  ASSERT_EQ(resolvePath(rootFd_, "a/b/..", true, r), Errno::Success);
  EXPECT_EQ(r.name(), ".");
  ASSERT_EQ(resolvePath(rootFd_, "a/", false, r), Errno::Success);
  EXPECT_TRUE(r.trailingSlash());
  EXPECT_EQ(r.name(), "a");
}

TEST_F(PathResolutionTest, DotEndingsAndSlashesThatDoNotFollow) {
  ResolvedPath r;
  ASSERT_EQ(resolvePath(rootFd_, "a/b/.", false, r), Errno::Success);
  EXPECT_TRUE(r.endsInDot());
  EXPECT_TRUE(r.trailingSlash());
  EXPECT_EQ(r.name(), "b");
  EXPECT_EQ(r.depth(), 1u);
  // "link/." resolves the link: its last real component is the target.
  ASSERT_EQ(resolvePath(rootFd_, "link_in/.", false, r), Errno::Success);
  EXPECT_EQ(r.name(), "file.txt");
  EXPECT_EQ(r.depth(), 2u);
  // With slashFollows off, "dirlink/" names the link itself.
  ASSERT_EQ(resolvePath(rootFd_, "dirlink/", false, r, false), Errno::Success);
  EXPECT_EQ(r.name(), "dirlink");
  EXPECT_TRUE(r.trailingSlash());
  EXPECT_FALSE(r.endsInDot());
  ASSERT_EQ(resolvePath(rootFd_, "dirlink/", false, r), Errno::Success);
  EXPECT_EQ(r.name(), "b");
}

TEST_F(PathResolutionTest, PathsOfPathMaxBytesAreTooLong) {
  std::string path(PATH_MAX, 'a');
  EXPECT_EQ(resolve(path.c_str()), Errno::NameTooLong);
  path.resize(PATH_MAX - 1);
  EXPECT_EQ(resolve(path.c_str()),
            Errno::NameTooLong);  // one component past NAME_MAX: the host says so
  for (size_t i = 1; i < path.size(); i += 2) path[i] = '/';
  EXPECT_EQ(resolve(path.c_str()), Errno::NoEnt);
}

TEST(SymlinkTargetTest, ClimbingAboveTheRootIsDetectedLexically) {
  EXPECT_TRUE(symlinkTargetClimbsOut("..", 0));
  EXPECT_TRUE(symlinkTargetClimbsOut("../x", 0));
  EXPECT_FALSE(symlinkTargetClimbsOut("../x", 1));
  EXPECT_TRUE(symlinkTargetClimbsOut("a/../../x", 0));
  EXPECT_FALSE(symlinkTargetClimbsOut("a/./../x", 0));
  EXPECT_TRUE(symlinkTargetClimbsOut("../../x", 1));
  EXPECT_FALSE(symlinkTargetClimbsOut("a//b/../../c", 0));
  EXPECT_FALSE(symlinkTargetClimbsOut("x/..", 0));
  EXPECT_TRUE(symlinkTargetClimbsOut("x/../..", 0));
}

}  // namespace
}  // namespace ember::wasi
