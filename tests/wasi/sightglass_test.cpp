// Real WASI programs: the sightglass benchmarks (SIMD ones included), run
// with their folder preopened as "." (and "/"), argv[0] only, and
// bench.start / bench.end as no-ops (bench/README.md of the corpus), then
// compared with their expected stdout. Natively the interpreter runs them
// (artifact.bench_round_trip runs the JIT on them); under emulation (the
// AArch64 build under qemu) the JIT does: that is the ISA's own code, and
// the interpreter emulated took minutes (sqlite3 64 s, the JIT 7.5 s).
#include <gtest/gtest.h>

#include <cstdlib>
#include <algorithm>
#include <filesystem>
#include <string_view>
#include <vector>

#include "tests/wasi/guest_runner.h"

namespace ember::test {
namespace {

std::string benchDir() {
  const char* env = std::getenv("EMBER_BENCH_DIR");
  return env && *env ? env : EMBER_BENCH_DIR_DEFAULT;
}

struct Program {
  const char* folder;
  const char* module;       // file name in the folder
  const char* expected;     // expected stdout file, "" when there is none
  const char* expectedErr;  // expected stderr file, "" when not compared
};

void PrintTo(const Program& p, std::ostream* os) { *os << p.folder << "/" << p.module; }

class SightglassTest : public ::testing::TestWithParam<Program> {};

Config configForThisHost() {
  Config config;
  config.engine = EMBER_TEST_UNDER_EMULATION ? EngineKind::Jit : EngineKind::Interpreter;
  return config;
}

TEST_P(SightglassTest, RunsAndPrintsTheExpectedOutput) {
  const Program& p = GetParam();
  std::string folder = benchDir() + "/sightglass/" + p.folder;
  std::string wasm = folder + "/" + p.module;
  if (!std::filesystem::exists(wasm))
    GTEST_SKIP() << "benchmark corpus not found (" << wasm << "); set EMBER_BENCH_DIR";
  GuestOptions o;
  o.args = {p.module};
  o.preopens = {{folder, "."}, {folder, "/"}};
  o.benchHooks = true;
  o.config = configForThisHost();
  GuestRun r = runGuest(wasm, o);
  ASSERT_TRUE(r.loaded) << r.error;
  EXPECT_EQ(r.exitCode, 0u) << r.error << "\nstderr: " << r.err.substr(0, 2000);
  if (*p.expected) {
    EXPECT_EQ(r.out, readWholeFile(folder + "/" + p.expected));
  }
  if (*p.expectedErr) {
    EXPECT_EQ(r.err, readWholeFile(folder + "/" + p.expectedErr));
  }
}

INSTANTIATE_TEST_SUITE_P(
    Programs, SightglassTest,
    ::testing::Values(
        Program{"noop", "benchmark.wasm", "benchmark.stdout.expected", ""},
        Program{"shootout", "shootout-gimli.wasm", "shootout-gimli.stdout.expected", ""},
        Program{"shootout", "shootout-fib2.wasm", "shootout-fib2.stdout.expected", ""},
        Program{"shootout", "shootout-ackermann.wasm", "shootout-ackermann.stdout.expected", ""},
        Program{"shootout", "shootout-minicsv.wasm", "shootout-minicsv.stdout.expected", ""},
        Program{"shootout", "shootout-sieve.wasm", "shootout-sieve.stdout.expected", ""},
        Program{"quicksort", "benchmark.wasm", "benchmark.stdout.expected", ""},
        Program{"bz2", "benchmark.wasm", "benchmark.stdout.expected", ""},
        Program{"richards", "benchmark.wasm", "", ""},
        Program{"regex", "benchmark.wasm", "benchmark.stdout.expected",
                "benchmark.stderr.expected"},
        Program{"rust-json", "benchmark.wasm", "benchmark.stdout.expected",
                "benchmark.stderr.expected"},
        Program{"rust-compression", "benchmark.wasm", "benchmark.stdout.expected",
                "benchmark.stderr.expected"},
        Program{"pulldown-cmark", "benchmark.wasm", "benchmark.stdout.expected",
                "benchmark.stderr.expected"},
        Program{"blake3-scalar", "benchmark.wasm", "benchmark.stdout.expected",
                "benchmark.stderr.expected"},
        Program{"blind-sig", "benchmark.wasm", "benchmark.stdout.expected",
                "benchmark.stderr.expected"},
        Program{"tinygo", "tinygo-json.wasm", "tinygo-json.stdout.expected",
                "tinygo-json.stderr.expected"},
        Program{"tinygo", "tinygo-regex.wasm", "tinygo-regex.stdout.expected",
                "tinygo-regex.stderr.expected"},
        Program{"rust-html-rewriter", "benchmark.wasm", "benchmark.stdout.expected",
                "benchmark.stderr.expected"},
        Program{"hashset", "benchmark.wasm", "", ""}, Program{"sqlite3", "sqlite3.wasm", "", ""},
        // SIMD (v128) programs.
        Program{"blake3-simd", "benchmark.wasm", "benchmark.stdout.expected",
                "benchmark.stderr.expected"},
        Program{"intgemm-simd", "benchmark.wasm", "benchmark.stdout.expected",
                "benchmark.stderr.expected"},
        Program{"meshoptimizer", "benchmark.wasm", "benchmark.stdout.expected", ""}),
    [](const ::testing::TestParamInfo<Program>& info) {
      std::string name = std::string(info.param.folder) + "_" + info.param.module;
      for (char& c : name)
        if (!isalnum(static_cast<unsigned char>(c))) c = '_';
      return name;
    });

std::string_view trimmedRight(std::string_view s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.remove_suffix(1);
  return s;
}

// The 81 libsodium test programs (79 of them use SIMD), one test each:
// each prints "0" and a newline (the expected file has no newline), except
// sodium_utils2/3, which print nothing.
std::vector<std::string> libsodiumPrograms() {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& entry :
       std::filesystem::directory_iterator(benchDir() + "/sightglass/libsodium", ec)) {
    std::string name = entry.path().filename().string();
    if (name.starts_with("libsodium-") && name.ends_with(".wasm")) names.push_back(name);
  }
  std::sort(names.begin(), names.end());
  return names;
}

class SightglassLibsodium : public ::testing::TestWithParam<std::string> {};
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(SightglassLibsodium);

TEST_P(SightglassLibsodium, PrintsTheExpectedResult) {
  const std::string& name = GetParam();
  std::string folder = benchDir() + "/sightglass/libsodium";
  GuestOptions o;
  o.args = {name};
  o.preopens = {{folder, "."}, {folder, "/"}};
  o.benchHooks = true;
  o.config = configForThisHost();
  GuestRun r = runGuest(folder + "/" + name, o);
  ASSERT_TRUE(r.loaded) << r.error;
  EXPECT_EQ(r.exitCode, 0u) << r.error << "\nstderr: " << r.err.substr(0, 2000);
  bool silent = name.find("sodium_utils2") != std::string::npos ||
                name.find("sodium_utils3") != std::string::npos;
  std::string expected = readWholeFile(folder + "/default.stdout.expected");
  EXPECT_EQ(trimmedRight(r.out), silent ? std::string_view() : trimmedRight(expected));
}

INSTANTIATE_TEST_SUITE_P(Programs, SightglassLibsodium, ::testing::ValuesIn(libsodiumPrograms()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string name = info.param;
                           for (char& c : name)
                             if (!isalnum(static_cast<unsigned char>(c))) c = '_';
                           return name;
                         });

TEST(SightglassLibsodiumCorpus, HasAllEightyOnePrograms) {
  if (!std::filesystem::exists(benchDir() + "/sightglass/libsodium"))
    GTEST_SKIP() << "benchmark corpus not found; set EMBER_BENCH_DIR";
  EXPECT_EQ(libsodiumPrograms().size(), 81u);
}

}  // namespace
}  // namespace ember::test
