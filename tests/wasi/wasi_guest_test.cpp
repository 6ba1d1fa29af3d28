// WASI end to end: C programs compiled with clang for wasm32-wasi, run on
// every engine with their stdio redirected to files.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include "tests/wasi/guest_runner.h"
#include "tests/wasi/wasi_shim.h"

namespace ember::test {
namespace {

// Where the build put the compiled guests; empty when clang with a
// wasm32-wasi sysroot was not found at configure time.
const char* guestDir() { return EMBER_WASI_GUEST_DIR; }

class WasiGuestTest : public ::testing::TestWithParam<EngineCase> {
 protected:
  void SetUp() override {
    if (std::string(guestDir()).empty())
      GTEST_SKIP() << "WASI guests not built: clang --target=wasm32-wasi was not found";
  }
  GuestRun run(const char* guest, GuestOptions options = {}) {
    if (options.args.empty()) options.args = {guest};
    options.config = GetParam().config();
    return runGuest(std::string(guestDir()) + "/" + guest + ".wasm", options);
  }
};

TEST_P(WasiGuestTest, PrintsToStdoutAndStderr) {
  GuestRun r = run("hello");
  ASSERT_TRUE(r.loaded) << r.error;
  EXPECT_EQ(r.exitCode, 0u) << r.error;
  EXPECT_EQ(r.out, "hello from wasi\n");
  EXPECT_EQ(r.err, "to stderr\n");
}

TEST_P(WasiGuestTest, ReadsArgsAndEnvironment) {
  GuestOptions o;
  o.args = {"args_env", "one", "two words"};
  o.env = {"EMBER_GREETING=hi there", "OTHER=1"};
  GuestRun r = run("args_env", o);
  ASSERT_EQ(r.exitCode, 0u) << r.error;
  EXPECT_EQ(r.out,
            "argc=3\nargv[0]=args_env\nargv[1]=one\nargv[2]=two words\n"
            "envc=2\nEMBER_GREETING=hi there\n");
}

TEST_P(WasiGuestTest, EmptyEnvironment) {
  GuestRun r = run("args_env");
  ASSERT_EQ(r.exitCode, 0u) << r.error;
  EXPECT_EQ(r.out, "argc=1\nargv[0]=args_env\nenvc=0\nEMBER_GREETING=(unset)\n");
}

TEST_P(WasiGuestTest, ProcExitUnwindsWithTheCode) {
  GuestOptions o;
  o.args = {"exit_code", "7"};
  GuestRun r = run("exit_code", o);
  ASSERT_TRUE(r.loaded) << r.error;
  EXPECT_EQ(r.exitCode, 7u) << r.error;
  EXPECT_EQ(r.out, "leaving with 7\n");  // flushed by exit(), not past it
}

TEST_P(WasiGuestTest, ExitZeroIsZero) {
  GuestOptions o;
  o.args = {"exit_code", "0"};
  GuestRun r = run("exit_code", o);
  EXPECT_EQ(r.exitCode, 0u) << r.error;
  EXPECT_EQ(r.out, "leaving with 0\n");
}

TEST_P(WasiGuestTest, CopiesStdin) {
  GuestOptions o;
  o.stdinText = "make me loud\nplease\n";
  GuestRun r = run("stdin_echo", o);
  EXPECT_EQ(r.exitCode, 0u) << r.error;
  EXPECT_EQ(r.out, "MAKE ME LOUD\nPLEASE\n");
}

TEST_P(WasiGuestTest, WorksOnFilesInItsPreopen) {
  TempDir dir;
  writeWholeFile(dir.file("input.txt"), "first line\nsecond line\n");
  ASSERT_EQ(mkdir(dir.file("listing").c_str(), 0755), 0);
  for (const char* name : {"zeta", "alpha", "mid.txt"})
    writeWholeFile(dir.file("listing/") + name, "x");
  ASSERT_EQ(mkdir(dir.file("listing/subdir").c_str(), 0755), 0);
  GuestOptions o;
  o.preopens = {{dir.path(), "."}};
  GuestRun r = run("files", o);
  ASSERT_EQ(r.exitCode, 0u) << r.error << r.out;
  EXPECT_EQ(r.out,
            "input: first line\ninput: second line\n"
            "at 3: 345, tell 6\nsize 10 regular 1\nwork removed: 1\n"
            "entry: alpha\nentry: mid.txt\nentry: subdir\nentry: zeta\n");
  EXPECT_NE(access(dir.file("work").c_str(), F_OK), 0);
}

TEST_P(WasiGuestTest, ListsALargeDirectoryAcrossSeveralReaddirCalls) {
  TempDir dir;
  ASSERT_EQ(mkdir(dir.file("listing").c_str(), 0755), 0);
  writeWholeFile(dir.file("input.txt"), "");
  std::string expected;
  // 60 long names need more than one fd_readdir buffer of wasi-libc (4 KiB).
  std::vector<std::string> names;
  for (int i = 0; i < 60; ++i) {
    char name[128];
    snprintf(name, sizeof name, "file-%02d-%s", i, std::string(80, 'n').c_str());
    names.push_back(name);
    writeWholeFile(dir.file("listing/") + name, "");
  }
  for (const std::string& n : names) expected += "entry: " + n + "\n";
  GuestOptions o;
  o.preopens = {{dir.path(), "."}};
  GuestRun r = run("files", o);
  ASSERT_EQ(r.exitCode, 0u) << r.error << r.out;
  size_t at = r.out.find("entry: ");
  ASSERT_NE(at, std::string::npos);
  EXPECT_EQ(r.out.substr(at), expected);
}

TEST_P(WasiGuestTest, DescriptorOperations) {
  TempDir dir;
  GuestOptions o;
  o.preopens = {{dir.path(), "."}};
  o.stdinText = "ready";
  GuestRun r = run("fd_ops", o);
  ASSERT_EQ(r.exitCode, 0u) << r.error << r.out;
  EXPECT_EQ(r.out,
            "open 1\npwrite 6\npread 3 'bcd'\nsize 16\nftruncate 0 size 4\nseek end 4\n"
            "append before 0\nappend after 1\n"
            "symlink 0\nreadlink 8 'data.bin'\nlstat link 1\nstat follows 1 size 4\n"
            "link 0 nlink 2\nutimensat 0\nmtime 1000000000\n"
            "renumber 0\nold fd closed 1\nmoved fd size 4\n"
            "poll stdin 1 revents 1\nunlink 0 0\n");
  struct stat st;
  ASSERT_EQ(stat(dir.file("data.bin").c_str(), &st), 0);
  EXPECT_EQ(st.st_size, 4);
  EXPECT_EQ(st.st_mtim.tv_sec, 1000000000);
}

// The acceptance: no escape from the preopen, by any route.
TEST_P(WasiGuestTest, CannotEscapeThePreopen) {
  TempDir outer;
  std::string root = outer.file("root");
  ASSERT_EQ(mkdir(root.c_str(), 0755), 0);
  ASSERT_EQ(mkdir((root + "/sub").c_str(), 0755), 0);
  writeWholeFile(outer.file("secret.txt"), "SECRET");
  writeWholeFile(root + "/inside.txt", "fine");
  ASSERT_EQ(symlink("inside.txt", (root + "/link_in").c_str()), 0);
  ASSERT_EQ(symlink("../secret.txt", (root + "/link_out").c_str()), 0);
  ASSERT_EQ(symlink(outer.file("secret.txt").c_str(), (root + "/link_abs").c_str()), 0);
  ASSERT_EQ(symlink("..", (root + "/dir_out").c_str()), 0);
  ASSERT_EQ(symlink("loop_b", (root + "/loop_a").c_str()), 0);
  ASSERT_EQ(symlink("loop_a", (root + "/loop_b").c_str()), 0);
  GuestOptions o;
  o.preopens = {{root, "."}};
  GuestRun r = run("escape", o);
  ASSERT_EQ(r.exitCode, 0u) << r.error;
  EXPECT_EQ(r.out,
            "inside: opened, read 'fine'\n"
            "inside via link: opened, read 'fine'\n"
            "dotdot: errno 76\n"
            "dotdot nested: errno 76\n"
            "absolute: errno 76\n"
            "final symlink out: errno 76\n"
            "absolute symlink: errno 76\n"
            "intermediate symlink out: errno 76\n"
            "final symlink nofollow: errno 32\n"
            "loop: errno 32\n"
            "stat dotdot: errno 76\n"
            "mkdir out: errno 76\n"
            "symlink abs: errno 63\n"
            "fopen dotdot: refused\n");
  EXPECT_EQ(r.out.find("SECRET"), std::string::npos);
  EXPECT_NE(access(outer.file("made_outside").c_str(), F_OK), 0);
}

TEST_P(WasiGuestTest, PointersOutsideMemoryAreEfault) {
  TempDir dir;
  GuestOptions o;
  o.preopens = {{dir.path(), "."}};
  GuestRun r = run("memory_fault", o);
  ASSERT_EQ(r.exitCode, 0u) << r.error;
  EXPECT_EQ(r.out,
            "iovs out of range: 21\n"
            "buffer out of range: 21\n"
            "result out of range: 21\n"
            "random out of range: 21\n"
            "args sizes out of range: 21\n"
            "path out of range: 21\n"
            "bad fd: 8\n");
}

TEST_P(WasiGuestTest, ClocksSleepAndRandom) {
  GuestRun r = run("clock_poll");
  ASSERT_EQ(r.exitCode, 0u) << r.error;
  EXPECT_EQ(r.out,
            "slept at least 30ms: 1\n"
            "realtime after 2020: 1\n"
            "res errno 0, positive 1\n"
            "cputime errno 0\n"
            "bad clock errno 28\n"
            "random errno 0\n"
            "random nonzero bytes > 16: 1\n"
            "sched_yield 0\n"
            "proc_raise 52\n");
}

TEST_P(WasiGuestTest, MissingPreopenDirectoryIsAnError) {
  TempDir dir;
  WasiConfig config;
  config.preopens = {{dir.file("missing"), "."}};
  auto ctx = WasiContext::create(config);
  ASSERT_FALSE(ctx);
  EXPECT_EQ(ctx.error().kind(), ErrorKind::Io);
}

TEST_P(WasiGuestTest, PosixSemanticsThroughWasiLibc) {
  TempDir dir;
  GuestOptions o;
  o.preopens = {{dir.path(), "."}};
  o.stdinText = "x";
  GuestRun r = run("posix_semantics", o);
  ASSERT_EQ(r.exitCode, 0u) << r.error << r.out;
  // errno values are WASI's (a fresh directory lists "." and ".."): 8 EBADF, 20 EEXIST, 28 EINVAL,
  // 31 EISDIR, 44 ENOENT, 54 ENOTDIR, 57 ENOTSOCK, 63 EPERM, 70 ESPIPE, 76 ENOTCAPABLE.
  EXPECT_EQ(r.out,
            "opendir . 1 entries 2\n"
            "open . O_DIRECTORY 0 0\n"
            "lseek stdout -1 70\n"
            "ftruncate stdout -1 8\n"
            "fcntl setfl stdout -1 8\n"
            "fcntl setfl stdin nonblock -1 8\n"
            "isatty stdout 0 0\n"
            "mkdir d/ 0 0\n"
            "unlink d/ -1 31\n"
            "unlink f/ -1 54\n"
            "rmdir d/. -1 28\n"
            "rmdir f/ -1 54\n"
            "rename f/ g -1 54\n"
            "link f n/ -1 44\n"
            "symlink f n/ -1 44\n"
            "open new/ O_CREAT -1 31\n"
            "symlink fl 0 0\n"
            "unlink fl/. -1 54\n"
            "symlink ../out -1 63\n"
            "symlink d/../f 0 0\n"
            "rmdir d/ 0 0\n"
            "write f 3 0\n"
            "drop write right 0 0\n"
            "write f after -1 8\n"  // wasi-libc maps ENOTCAPABLE to EBADF here
            "regrow rights 76 0\n"
            "lseek f 3 0\n"
            "sock_shutdown file 57 0\n"
            "poll stdin 1 0\n");
  EXPECT_TRUE(std::filesystem::exists(dir.file("fl")));
  EXPECT_FALSE(std::filesystem::exists(dir.file("up")));
  EXPECT_FALSE(std::filesystem::exists(dir.file("new")));
}

INSTANTIATE_TEST_SUITE_P(Engines, WasiGuestTest, testing::ValuesIn(engineCases()), caseParamName);

}  // namespace
}  // namespace ember::test
