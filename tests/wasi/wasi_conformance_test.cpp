// WASI preview 1 conformance (issue #16): rights are enforced and never
// grow, paths ending in '/' or "/." behave as on Linux (and in Wasmtime),
// misuse gives the errno Wasmtime gives, and poll_oneoff waits on stdio
// fds — each on every engine, through the shim module (wasi_shim.h).
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>

#include "tests/wasi/guest_runner.h"
#include "tests/wasi/wasi_shim.h"

namespace ember::test {
namespace {

using namespace ember::wasi;
using Clock = std::chrono::steady_clock;

constexpr uint32_t kCreat = 1, kDirectory = 2, kTrunc = 8;

bool exists(const std::string& path) {
  struct stat st;
  return ::lstat(path.c_str(), &st) == 0;
}

class WasiConformance : public testing::TestWithParam<EngineCase> {
 protected:
  void SetUp() override {
    writeWholeFile(dir.file("file"), "0123456789");
    ::mkdir(dir.file("dir").c_str(), 0755);
    ASSERT_EQ(::symlink("dir", dir.file("dirlink").c_str()), 0);
    ASSERT_EQ(::symlink("file", dir.file("filelink").c_str()), 0);
  }
  WasiShim shim(int stdinFd = -1, int stdoutFd = -1) {
    WasiConfig wasi;
    wasi.preopens = {{dir.path(), "."}};
    wasi.stdinFd = stdinFd;
    wasi.stdoutFd = stdoutFd;
    wasi.stderrFd = -1;
    return WasiShim(GetParam().config(), wasi);
  }
  TempDir dir;
};

// ---- Rights ---------------------------------------------------------------

TEST_P(WasiConformance, ShrunkRightsAreCheckedByEveryLaterCall) {
  WasiShim s = shim();
  ASSERT_TRUE(s.ok());
  uint32_t fd = 0;
  ASSERT_EQ(s.open(kPreopen, "file", 0, kFileRights, fd), Errno::Success);
  EXPECT_EQ(s.rightsOf(fd), kFileRights);
  EXPECT_EQ(s.write(fd, "ab"), Errno::Success);

  // Each call fails with ENOTCAPABLE once its right is dropped.
  struct Case {
    uint64_t right;
    std::function<Errno()> call;
  };
  std::vector<Case> cases = {
      {kRightFdWrite, [&] { return s.write(fd, "x"); }},
      {kRightFdRead, [&] { return s.read(fd, 1); }},
      {kRightFdSeek,
       [&] {
         return s.call("fd_seek", {s.I(fd), s.L(1), s.I(0), s.I(kOutAt)});
       }},
      {kRightFdTell,
       [&] {
         return s.call("fd_tell", {s.I(fd), s.I(kOutAt)});
       }},
      {kRightFdFilestatSetSize,
       [&] {
         return s.call("fd_filestat_set_size", {s.I(fd), s.L(0)});
       }},
      {kRightFdFilestatGet,
       [&] {
         return s.call("fd_filestat_get", {s.I(fd), s.I(kOutAt)});
       }},
      {kRightFdSync, [&] { return s.call("fd_sync", {s.I(fd)}); }},
      {kRightFdDatasync, [&] { return s.call("fd_datasync", {s.I(fd)}); }},
      {kRightFdAdvise,
       [&] {
         return s.call("fd_advise", {s.I(fd), s.L(0), s.L(1), s.I(0)});
       }},
      {kRightFdAllocate,
       [&] {
         return s.call("fd_allocate", {s.I(fd), s.L(0), s.L(1)});
       }},
      {kRightFdFdstatSetFlags,
       [&] {
         return s.call("fd_fdstat_set_flags", {s.I(fd), s.I(0)});
       }},
      {kRightFdFilestatSetTimes,
       [&] {
         return s.call("fd_filestat_set_times", {s.I(fd), s.L(0), s.L(0), s.I(2)});
       }},
  };
  uint64_t rights = kFileRights;
  for (const Case& c : cases) {
    rights &= ~c.right;
    ASSERT_EQ(s.call("fd_fdstat_set_rights", {s.I(fd), s.L(rights), s.L(0)}), Errno::Success);
    EXPECT_EQ(c.call(), Errno::NotCapable) << "right bit " << std::countr_zero(c.right);
    EXPECT_EQ(s.rightsOf(fd), rights);
  }
  EXPECT_EQ(readWholeFile(dir.file("file")), "ab23456789");  // nothing after the first write
  // Rights never grow back.
  EXPECT_EQ(s.call("fd_fdstat_set_rights", {s.I(fd), s.L(kFileRights), s.L(0)}), Errno::NotCapable);
  EXPECT_EQ(s.rightsOf(fd), rights);
}

TEST_P(WasiConformance, DirectoryRightsBoundPathCalls) {
  WasiShim s = shim();
  ASSERT_TRUE(s.ok());
  uint32_t d = 0;
  ASSERT_EQ(s.open(kPreopen, ".", kDirectory, kDirectoryRights, d, 0, kDirectoryInheritingRights),
            Errno::Success);
  uint64_t rights = kDirectoryRights & ~(kRightPathFilestatSetSize | kRightPathCreateFile |
                                         kRightPathUnlinkFile | kRightPathSymlink);
  ASSERT_EQ(
      s.call("fd_fdstat_set_rights", {s.I(d), s.L(rights), s.L(kFileRights & ~kRightFdWrite)}),
      Errno::Success);
  uint32_t fd = 0;
  EXPECT_EQ(s.open(d, "file", kTrunc, kRightFdWrite, fd), Errno::NotCapable);
  EXPECT_EQ(readWholeFile(dir.file("file")), "0123456789");  // not truncated
  EXPECT_EQ(s.open(d, "new", kCreat, kRightFdWrite, fd), Errno::NotCapable);
  EXPECT_FALSE(exists(dir.file("new")));
  EXPECT_EQ(s.pathCall("path_unlink_file", d, "file"), Errno::NotCapable);
  EXPECT_EQ(s.symlink("file", d, "sl"), Errno::NotCapable);
  EXPECT_TRUE(exists(dir.file("file")));
  // A file opened through it inherits no write right, whatever it asks.
  ASSERT_EQ(s.open(d, "file", 0, kAllRights, fd), Errno::Success);
  EXPECT_EQ(s.rightsOf(fd) & kRightFdWrite, 0u);
  EXPECT_NE(s.rightsOf(fd) & kRightFdRead, 0u);
  EXPECT_EQ(s.write(fd, "x"), Errno::NotCapable);
  // The preopen itself is unchanged.
  EXPECT_EQ(s.rightsOf(kPreopen), kDirectoryRights);
}

TEST_P(WasiConformance, DirectoriesReportDirectoryRights) {
  WasiShim s = shim();
  ASSERT_TRUE(s.ok());
  uint64_t pre = s.rightsOf(kPreopen);
  EXPECT_NE(pre & kRightPathOpen, 0u);
  EXPECT_NE(pre & kRightFdReaddir, 0u);
  EXPECT_EQ(pre & (kRightFdSeek | kRightFdTell | kRightFdRead | kRightFdWrite), 0u);
  uint32_t d = 0;
  ASSERT_EQ(s.open(kPreopen, "dir", kDirectory, kAllRights & ~kRightFdWrite, d), Errno::Success);
  EXPECT_EQ(s.rightsOf(d) & kRightFdSeek, 0u);
  EXPECT_EQ(s.rightsOf(d) & ~kDirectoryRights, 0u);
  uint32_t f = 0;
  ASSERT_EQ(s.open(kPreopen, "file", 0, kAllRights, f), Errno::Success);
  EXPECT_EQ(s.rightsOf(f), kFileRights);
}

// As in Wasmtime (and Linux's open(2)): O_DIRECTORY with FD_WRITE is EISDIR.
TEST_P(WasiConformance, DirectoryAskedForWithWriteRightIsRefused) {
  WasiShim s = shim();
  ASSERT_TRUE(s.ok());
  uint32_t fd = 0;
  EXPECT_EQ(s.open(kPreopen, ".", kDirectory, kRightFdRead | kRightFdWrite, fd), Errno::IsDir);
  EXPECT_EQ(s.open(kPreopen, "dir", kDirectory, kRightFdWrite, fd), Errno::IsDir);
  EXPECT_EQ(s.open(kPreopen, "dir", kDirectory, kRightFdRead, fd), Errno::Success);
  EXPECT_EQ(s.open(kPreopen, ".", kDirectory, 0, fd), Errno::Success);
}

TEST_P(WasiConformance, OpeningThePreopenItselfSucceeds) {
  WasiShim s = shim();
  ASSERT_TRUE(s.ok());
  ASSERT_EQ(s.call("fd_fdstat_get", {s.I(kPreopen), s.I(kOutAt)}), Errno::Success);
  uint64_t base = s.load<uint64_t>(kOutAt + 8), inheriting = s.load<uint64_t>(kOutAt + 16);
  uint32_t fd = 0;
  ASSERT_EQ(s.open(kPreopen, ".", kDirectory, base, fd, 0, inheriting), Errno::Success);
  EXPECT_EQ(s.rightsOf(fd), base);
  // With the rights the preopen passes on (write included) and no O_DIRECTORY, too.
  uint32_t fd2 = 0;
  ASSERT_EQ(s.open(kPreopen, ".", 0, inheriting, fd2, 0, inheriting), Errno::Success);
  ASSERT_EQ(s.call("fd_fdstat_get", {s.I(fd2), s.I(kOutAt)}), Errno::Success);
  EXPECT_EQ(s.load<uint8_t>(kOutAt), static_cast<uint8_t>(WasiFileType::Directory));
  EXPECT_EQ(s.call("fd_readdir", {s.I(fd2), s.I(kBufAt), s.I(4096), s.L(0), s.I(kOutAt)}),
            Errno::Success);
  EXPECT_GT(s.load<uint32_t>(kOutAt), 0u);
}

// ---- Trailing slashes and dot paths ------------------------------------------

TEST_P(WasiConformance, OpenWithTrailingSlash) {
  WasiShim s = shim();
  ASSERT_TRUE(s.ok());
  uint32_t fd = 0;
  EXPECT_EQ(s.open(kPreopen, "file/", 0, kRightFdRead, fd), Errno::NotDir);
  EXPECT_EQ(s.open(kPreopen, "dir/", 0, kRightFdRead, fd), Errno::Success);
  EXPECT_EQ(s.open(kPreopen, "dirlink/", 0, kRightFdRead, fd), Errno::Success);  // follows
  EXPECT_EQ(s.open(kPreopen, "filelink/", 0, kRightFdRead, fd), Errno::NotDir);
  EXPECT_EQ(s.open(kPreopen, "new/", kCreat, kRightFdWrite, fd), Errno::IsDir);
  EXPECT_FALSE(exists(dir.file("new")));
}

TEST_P(WasiConformance, UnlinkWithTrailingSlashOrDot) {
  WasiShim s = shim();
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s.pathCall("path_unlink_file", kPreopen, "file/"), Errno::NotDir);
  EXPECT_EQ(s.pathCall("path_unlink_file", kPreopen, "dir/"), Errno::IsDir);
  EXPECT_EQ(s.pathCall("path_unlink_file", kPreopen, "missing/"), Errno::NoEnt);
  EXPECT_EQ(s.pathCall("path_unlink_file", kPreopen, "dirlink/"), Errno::NotDir);
  EXPECT_EQ(s.pathCall("path_unlink_file", kPreopen, "filelink/."), Errno::NotDir);
  EXPECT_EQ(s.pathCall("path_unlink_file", kPreopen, "dirlink/."), Errno::IsDir);
  EXPECT_EQ(s.pathCall("path_unlink_file", kPreopen, "dir"), Errno::IsDir);
  for (const char* name : {"file", "dir", "dirlink", "filelink"})
    EXPECT_TRUE(exists(dir.file(name)));
  EXPECT_EQ(s.pathCall("path_unlink_file", kPreopen, "filelink"), Errno::Success);
  EXPECT_FALSE(exists(dir.file("filelink")));
  EXPECT_TRUE(exists(dir.file("file")));
}

TEST_P(WasiConformance, RemoveDirectoryWithTrailingSlashOrDot) {
  WasiShim s = shim();
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s.pathCall("path_remove_directory", kPreopen, "dir/."), Errno::Inval);
  EXPECT_EQ(s.pathCall("path_remove_directory", kPreopen, "dir/.."), Errno::Inval);
  EXPECT_EQ(s.pathCall("path_remove_directory", kPreopen, "."), Errno::Inval);
  EXPECT_EQ(s.pathCall("path_remove_directory", kPreopen, "dirlink/."), Errno::Inval);
  EXPECT_EQ(s.pathCall("path_remove_directory", kPreopen, "dirlink/"), Errno::NotDir);
  EXPECT_EQ(s.pathCall("path_remove_directory", kPreopen, "file/"), Errno::NotDir);
  EXPECT_EQ(s.pathCall("path_remove_directory", kPreopen, "file"), Errno::NotDir);
  EXPECT_TRUE(exists(dir.file("dir")));
  EXPECT_TRUE(exists(dir.file("dirlink")));
  EXPECT_EQ(s.pathCall("path_remove_directory", kPreopen, "dir/"), Errno::Success);
  EXPECT_FALSE(exists(dir.file("dir")));
}

TEST_P(WasiConformance, CreateDirectoryWithTrailingSlash) {
  WasiShim s = shim();
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s.pathCall("path_create_directory", kPreopen, "made/"), Errno::Success);
  EXPECT_TRUE(exists(dir.file("made")));
  EXPECT_EQ(s.pathCall("path_create_directory", kPreopen, "dir/."), Errno::Exist);
  EXPECT_EQ(s.pathCall("path_create_directory", kPreopen, "nothing/."), Errno::NoEnt);
}

TEST_P(WasiConformance, LinkAndSymlinkToASlashedDestinationFail) {
  WasiShim s = shim();
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s.link(kPreopen, "file", kPreopen, "new/"), Errno::NoEnt);
  EXPECT_EQ(s.link(kPreopen, "file", kPreopen, "dir/"), Errno::Exist);
  EXPECT_EQ(s.link(kPreopen, "file/", kPreopen, "new"), Errno::NotDir);
  EXPECT_EQ(s.link(kPreopen, "dir/", kPreopen, "new"), Errno::Perm);
  EXPECT_EQ(s.symlink("file", kPreopen, "new/"), Errno::NoEnt);
  EXPECT_EQ(s.symlink("file", kPreopen, "file/"), Errno::Exist);
  EXPECT_FALSE(exists(dir.file("new")));
  EXPECT_EQ(s.link(kPreopen, "file", kPreopen, "new"), Errno::Success);
  EXPECT_EQ(s.symlink("file", kPreopen, "sym"), Errno::Success);
}

TEST_P(WasiConformance, RenameWithTrailingSlashOrDot) {
  WasiShim s = shim();
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s.twoPaths("path_rename", kPreopen, "file/", kPreopen, "x"), Errno::NotDir);
  EXPECT_EQ(s.twoPaths("path_rename", kPreopen, "file", kPreopen, "x/"), Errno::NotDir);
  EXPECT_EQ(s.twoPaths("path_rename", kPreopen, "dirlink/", kPreopen, "x"), Errno::NotDir);
  EXPECT_EQ(s.twoPaths("path_rename", kPreopen, "dir/.", kPreopen, "x"), Errno::Inval);
  EXPECT_EQ(s.twoPaths("path_rename", kPreopen, "file", kPreopen, "dir/.."), Errno::Inval);
  EXPECT_FALSE(exists(dir.file("x")));
  EXPECT_TRUE(exists(dir.file("file")));
  EXPECT_EQ(s.twoPaths("path_rename", kPreopen, "dir/", kPreopen, "moved/"), Errno::Success);
  EXPECT_TRUE(exists(dir.file("moved")));
}

// ---- Errno fidelity ----------------------------------------------------------

TEST_P(WasiConformance, SocketCallsOnNonSocketsAreEnotsock) {
  WasiShim s = shim(::open("/dev/null", O_RDONLY | O_CLOEXEC), -1);
  ASSERT_TRUE(s.ok());
  for (uint32_t fd : {0u, kPreopen}) {
    EXPECT_EQ(
        s.call("sock_recv", {s.I(fd), s.I(kIovAt), s.I(1), s.I(0), s.I(kOutAt), s.I(kOutAt + 4)}),
        Errno::NotSock);
    EXPECT_EQ(s.call("sock_send", {s.I(fd), s.I(kIovAt), s.I(1), s.I(0), s.I(kOutAt)}),
              Errno::NotSock);
    EXPECT_EQ(s.call("sock_shutdown", {s.I(fd), s.I(2)}), Errno::NotSock);
    EXPECT_EQ(s.call("sock_accept", {s.I(fd), s.I(0), s.I(kOutAt)}), Errno::NotSock);
  }
  EXPECT_EQ(s.call("sock_shutdown", {s.I(99), s.I(2)}), Errno::BadF);
  ::close(static_cast<int>(s.context().find(0)->hostFd));
}

TEST_P(WasiConformance, FileCallsOnDirectoriesAndDirectoryCallsOnFiles) {
  WasiShim s = shim();
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s.call("fd_seek", {s.I(kPreopen), s.L(0), s.I(1), s.I(kOutAt)}), Errno::BadF);
  EXPECT_EQ(s.call("fd_tell", {s.I(kPreopen), s.I(kOutAt)}), Errno::BadF);
  EXPECT_EQ(s.read(kPreopen, 4), Errno::BadF);
  EXPECT_EQ(s.write(kPreopen, "x"), Errno::BadF);
  EXPECT_EQ(s.call("fd_filestat_set_size", {s.I(kPreopen), s.L(0)}), Errno::BadF);
  uint32_t f = 0;
  ASSERT_EQ(s.open(kPreopen, "file", 0, kFileRights, f), Errno::Success);
  EXPECT_EQ(s.call("fd_readdir", {s.I(f), s.I(kBufAt), s.I(256), s.L(0), s.I(kOutAt)}),
            Errno::BadF);
  uint32_t g = 0;
  EXPECT_EQ(s.open(f, "x", 0, kFileRights, g), Errno::NotDir);
  EXPECT_EQ(s.pathCall("path_create_directory", f, "x"), Errno::BadF);
  EXPECT_EQ(s.call("fd_prestat_get", {s.I(f), s.I(kOutAt)}), Errno::BadF);
  EXPECT_EQ(s.call("fd_seek", {s.I(f), s.L(3), s.I(0), s.I(kOutAt)}), Errno::Success);
  EXPECT_EQ(s.call("fd_seek", {s.I(f), s.L(0), s.I(7), s.I(kOutAt)}), Errno::Inval);
  EXPECT_EQ(s.call("fd_seek", {s.I(77), s.L(0), s.I(0), s.I(kOutAt)}), Errno::BadF);
}

TEST_P(WasiConformance, StdioIsAStreamThatCannotSeek) {
  TempDir io;
  writeWholeFile(io.file("in"), "input");
  int in = ::open(io.file("in").c_str(), O_RDONLY | O_CLOEXEC);
  int out = ::open(io.file("out").c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
  {
    WasiShim s = shim(in, out);
    ASSERT_TRUE(s.ok());
    for (uint32_t fd : {0u, 1u}) {
      EXPECT_EQ(s.call("fd_seek", {s.I(fd), s.L(0), s.I(0), s.I(kOutAt)}), Errno::SPipe);
      EXPECT_EQ(s.call("fd_tell", {s.I(fd), s.I(kOutAt)}), Errno::SPipe);
      EXPECT_EQ(s.call("fd_pread", {s.I(fd), s.I(kIovAt), s.I(1), s.L(0), s.I(kOutAt)}),
                Errno::SPipe);
      EXPECT_EQ(s.call("fd_pwrite", {s.I(fd), s.I(kIovAt), s.I(1), s.L(0), s.I(kOutAt)}),
                Errno::SPipe);
    }
    EXPECT_EQ(s.write(0, "x"), Errno::BadF);  // stdin is not for writing
    EXPECT_EQ(s.read(1, 1), Errno::BadF);     // nor stdout for reading
    EXPECT_EQ(s.rightsOf(0) & (kRightFdSeek | kRightFdTell | kRightFdWrite), 0u);
    EXPECT_EQ(s.rightsOf(1) & (kRightFdSeek | kRightFdTell | kRightFdRead), 0u);
    EXPECT_EQ(s.read(0, 5), Errno::Success);
    EXPECT_EQ(s.write(1, "out"), Errno::Success);
  }
  ::close(in);
  ::close(out);
  EXPECT_EQ(readWholeFile(io.file("out")), "out");
}

// ---- poll_oneoff on fds ------------------------------------------------------

constexpr uint32_t kSubsAt = kBufAt, kEventsAt = kBufAt + 4096;
constexpr uint8_t kClock = 0, kFdRead = 1, kFdWrite = 2;

void putFdSubscription(WasiShim& s, uint32_t index, uint8_t tag, uint32_t fd) {
  uint32_t at = kSubsAt + 48 * index;
  std::memset(s.at(at), 0, 48);
  s.store<uint64_t>(at, 100 + index);  // userdata
  s.store<uint8_t>(at + 8, tag);
  s.store<uint32_t>(at + 16, fd);
}

void putClockSubscription(WasiShim& s, uint32_t index, uint64_t timeoutNs) {
  uint32_t at = kSubsAt + 48 * index;
  std::memset(s.at(at), 0, 48);
  s.store<uint64_t>(at, 100 + index);
  s.store<uint8_t>(at + 8, kClock);
  s.store<uint32_t>(at + 16, 1);  // monotonic
  s.store<uint64_t>(at + 24, timeoutNs);
}

struct PolledEvent {
  uint64_t userdata;
  uint16_t error;
  uint8_t type;
  uint64_t nbytes;
};

std::vector<PolledEvent> poll(WasiShim& s, uint32_t count) {
  EXPECT_EQ(s.call("poll_oneoff", {s.I(kSubsAt), s.I(kEventsAt), s.I(count), s.I(kOutAt)}),
            Errno::Success);
  std::vector<PolledEvent> events;
  for (uint32_t i = 0; i < s.load<uint32_t>(kOutAt); ++i) {
    uint32_t at = kEventsAt + 32 * i;
    events.push_back({s.load<uint64_t>(at), s.load<uint16_t>(at + 8), s.load<uint8_t>(at + 10),
                      s.load<uint64_t>(at + 16)});
  }
  return events;
}

struct Pipe {
  Pipe() { EXPECT_EQ(::pipe2(fds, O_CLOEXEC), 0); }
  ~Pipe() {
    ::close(fds[0]);
    ::close(fds[1]);
  }
  int fds[2];
};

TEST_P(WasiConformance, PollWaitsForStdinData) {
  Pipe in, out;
  WasiShim s = shim(in.fds[0], out.fds[1]);
  ASSERT_TRUE(s.ok());
  // No data yet: only the 30 ms clock fires.
  putFdSubscription(s, 0, kFdRead, 0);
  putClockSubscription(s, 1, 30'000'000);
  auto start = Clock::now();
  std::vector<PolledEvent> events = poll(s, 2);
  EXPECT_GE(Clock::now() - start, std::chrono::milliseconds(25));
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].userdata, 101u);
  EXPECT_EQ(events[0].type, kClock);
  // Data arrives: the read subscription fires at once with its byte count.
  ASSERT_EQ(::write(in.fds[1], "abc", 3), 3);
  putClockSubscription(s, 1, 5'000'000'000);
  start = Clock::now();
  events = poll(s, 2);
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(2));
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].userdata, 100u);
  EXPECT_EQ(events[0].type, kFdRead);
  EXPECT_EQ(events[0].error, 0u);
  EXPECT_EQ(events[0].nbytes, 3u);
}

TEST_P(WasiConformance, PollOnStdoutAndOnBadFds) {
  Pipe in, out;
  WasiShim s = shim(in.fds[0], out.fds[1]);
  ASSERT_TRUE(s.ok());
  putFdSubscription(s, 0, kFdWrite, 1);
  putFdSubscription(s, 1, kFdRead, kPreopen);  // a directory
  putFdSubscription(s, 2, kFdRead, 42);        // not open
  putClockSubscription(s, 3, 5'000'000'000);
  std::vector<PolledEvent> events = poll(s, 4);
  ASSERT_EQ(events.size(), 3u);
  std::map<uint64_t, PolledEvent> byUser;
  for (const PolledEvent& e : events) byUser[e.userdata] = e;
  EXPECT_EQ(byUser[100].type, kFdWrite);
  EXPECT_EQ(byUser[100].error, 0u);
  EXPECT_EQ(byUser[101].error, static_cast<uint16_t>(Errno::BadF));
  EXPECT_EQ(byUser[102].error, static_cast<uint16_t>(Errno::BadF));
}

TEST_P(WasiConformance, PollOnAFileStdinIsReadyWithWhatIsLeft) {
  TempDir io;
  writeWholeFile(io.file("in"), "0123456789");
  int in = ::open(io.file("in").c_str(), O_RDONLY | O_CLOEXEC);
  {
    WasiShim s = shim(in, -1);
    ASSERT_TRUE(s.ok());
    ASSERT_EQ(s.read(0, 4), Errno::Success);
    putFdSubscription(s, 0, kFdRead, 0);
    std::vector<PolledEvent> events = poll(s, 1);
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].nbytes, 6u);
  }
  ::close(in);
}

// ---- wasi_unstable (snapshot 0) ----------------------------------------------

// Its whence numbers are cur, end, set (preview 1: set, cur, end).
TEST_P(WasiConformance, Snapshot0SeekNumbersWhenceCurEndSet) {
  WasiShim s = shim();
  ASSERT_TRUE(s.ok());
  uint32_t f = 0;
  ASSERT_EQ(s.open(kPreopen, "file", 0, kFileRights, f), Errno::Success);  // 10 bytes
  auto seek = [&](int64_t offset, uint32_t whence) {
    EXPECT_EQ(s.call("unstable.fd_seek", {s.I(f), s.L(offset), s.I(whence), s.I(kOutAt)}),
              Errno::Success);
    return s.load<uint64_t>(kOutAt);
  };
  EXPECT_EQ(seek(4, 2), 4u);   // set
  EXPECT_EQ(seek(3, 0), 7u);   // cur
  EXPECT_EQ(seek(-2, 1), 8u);  // end
  EXPECT_EQ(s.call("unstable.fd_seek", {s.I(f), s.L(0), s.I(3), s.I(kOutAt)}), Errno::Inval);
  EXPECT_EQ(s.call("unstable.fd_tell", {s.I(f), s.I(kOutAt)}), Errno::Success);
  EXPECT_EQ(s.load<uint64_t>(kOutAt), 8u);
}

// Its filestat is 56 bytes: nlink is a u32 at 20, so size sits at 24.
TEST_P(WasiConformance, Snapshot0FilestatHasA32BitLinkCount) {
  WasiShim s = shim();
  ASSERT_TRUE(s.ok());
  uint32_t f = 0;
  ASSERT_EQ(s.open(kPreopen, "file", 0, kFileRights, f), Errno::Success);
  std::memset(s.at(kOutAt), 0xEE, 64);
  ASSERT_EQ(s.call("unstable.fd_filestat_get", {s.I(f), s.I(kOutAt)}), Errno::Success);
  EXPECT_EQ(s.load<uint8_t>(kOutAt + 16), static_cast<uint8_t>(WasiFileType::RegularFile));
  EXPECT_EQ(s.load<uint32_t>(kOutAt + 20), 1u);
  EXPECT_EQ(s.load<uint64_t>(kOutAt + 24), 10u);
  EXPECT_NE(s.load<uint64_t>(kOutAt + 40), 0u);            // mtim
  EXPECT_EQ(s.load<uint64_t>(kOutAt + 56), ~uint64_t{0} / 0xFF * 0xEE);  // past the end: untouched
  s.put(kPathAt, "file");
  ASSERT_EQ(s.call("unstable.path_filestat_get",
                   {s.I(kPreopen), s.I(0), s.I(kPathAt), s.I(4), s.I(kBufAt)}),
            Errno::Success);
  EXPECT_EQ(s.load<uint64_t>(kBufAt + 24), 10u);
  EXPECT_EQ(s.load<uint64_t>(kBufAt + 8), s.load<uint64_t>(kOutAt + 8));  // the same inode
}

// Its clock subscription (56 bytes) starts with an identifier: clock id at
// 24, timeout at 32.
TEST_P(WasiConformance, Snapshot0PollReadsTheOlderClockSubscription) {
  WasiShim s = shim();
  ASSERT_TRUE(s.ok());
  for (uint32_t i = 0; i < 2; i++) {
    const uint32_t at = kSubsAt + 56 * i;
    std::memset(s.at(at), 0, 56);
    s.store<uint64_t>(at, 200 + i);               // userdata
    s.store<uint8_t>(at + 8, kClock);
    s.store<uint64_t>(at + 16, 0xDEAD);           // identifier
    s.store<uint32_t>(at + 24, 1);                // monotonic
    s.store<uint64_t>(at + 32, i == 0 ? 60'000'000 : 20'000'000);
  }
  auto start = Clock::now();
  ASSERT_EQ(s.call("unstable.poll_oneoff", {s.I(kSubsAt), s.I(kEventsAt), s.I(2), s.I(kOutAt)}),
            Errno::Success);
  EXPECT_GE(Clock::now() - start, std::chrono::milliseconds(15));
  EXPECT_LT(Clock::now() - start, std::chrono::milliseconds(55));
  ASSERT_EQ(s.load<uint32_t>(kOutAt), 1u);
  EXPECT_EQ(s.load<uint64_t>(kEventsAt), 201u);  // the 20 ms one
}

INSTANTIATE_TEST_SUITE_P(Engines, WasiConformance, testing::ValuesIn(engineCases()), caseParamName);

}  // namespace
}  // namespace ember::test
