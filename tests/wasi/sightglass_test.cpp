// Real WASI programs: sightglass benchmarks that need no SIMD, run with
// their folder preopened as "." (and "/"), argv[0] only, and bench.start /
// bench.end as no-ops (bench/README.md of the corpus), then compared with
// their expected stdout.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

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
  GuestRun r = runGuest(wasm, o);
  if (!r.loaded && r.error.find("SIMD") != std::string::npos) GTEST_SKIP() << r.error;
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
        Program{"hashset", "benchmark.wasm", "", ""}, Program{"sqlite3", "sqlite3.wasm", "", ""}),
    [](const ::testing::TestParamInfo<Program>& info) {
      std::string name = std::string(info.param.folder) + "_" + info.param.module;
      for (char& c : name)
        if (!isalnum(static_cast<unsigned char>(c))) c = '_';
      return name;
    });

}  // namespace
}  // namespace ember::test
