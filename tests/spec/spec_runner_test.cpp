// The spec runner over a small script with hand-made modules, without an
// engine (--engine none): verdicts for every command kind.
#include "tools/spec/spec_runner.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace ember::tools {
namespace {

namespace fs = std::filesystem;

const std::string kValid("\0asm\1\0\0\0", 8);
const std::string kMalformed("\0asm\2\0\0\0", 8);  // unknown version
// [] -> [i32] whose body is empty: "type mismatch" (spec 3.3).
const std::string kInvalid(
    "\0asm\1\0\0\0"
    "\x01\x05\x01\x60\x00\x01\x7f"
    "\x03\x02\x01\x00"
    "\x0a\x04\x01\x02\x00\x0b",
    25);

const char* kScript = R"({"source_filename": "t.wast", "commands": [
  {"type": "module", "line": 1, "filename": "valid.wasm"},
  {"type": "assert_return", "line": 2, "action": {"type": "invoke", "field": "f", "args": []}, "expected": []},
  {"type": "register", "line": 3, "as": "M"},
  {"type": "assert_malformed", "line": 4, "filename": "malformed.wasm", "text": "unknown binary version", "module_type": "binary"},
  {"type": "assert_malformed", "line": 5, "filename": "invalid.wasm", "text": "x", "module_type": "binary"},
  {"type": "assert_invalid", "line": 6, "filename": "invalid.wasm", "text": "type mismatch", "module_type": "binary"},
  {"type": "assert_invalid", "line": 7, "filename": "valid.wasm", "text": "type mismatch", "module_type": "binary"},
  {"type": "assert_malformed", "line": 8, "filename": "t.1.wat", "text": "unknown operator", "module_type": "text"},
  {"type": "assert_unlinkable", "line": 9, "filename": "valid.wasm", "text": "unknown import", "module_type": "binary"},
  {"type": "assert_exception", "line": 10, "action": {"type": "invoke", "field": "f", "args": []}, "expected": []},
  {"type": "assert_future", "line": 11},
  {"type": "module", "line": 12, "filename": "missing.wasm"}
]})";

class SpecRunnerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("ember_spec_runner_test_" +
            std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
    write("valid.wasm", kValid);
    write("malformed.wasm", kMalformed);
    write("invalid.wasm", kInvalid);
    auto parsed = parseSpecScript(kScript);
    ASSERT_TRUE(parsed.ok()) << parsed.error().message();
    script_ = std::move(*parsed);
    options_.execution.engine = EngineChoice::None;
  }
  void TearDown() override { fs::remove_all(dir_); }

  void write(const char* name, const std::string& bytes) {
    std::ofstream(dir_ / name, std::ios::binary) << bytes;
  }
  ScriptReport run() { return runSpecScript(script_, dir_.string(), options_); }

  fs::path dir_;
  SpecScript script_;
  SpecRunOptions options_;
};

TEST_F(SpecRunnerTest, VerdictPerCommand) {
  ScriptReport report = run();
  ASSERT_EQ(report.results.size(), 12u);
  const Verdict expected[] = {
      Verdict::Passed,   // 1 module decodes and validates
      Verdict::Skipped,  // 2 needs an engine
      Verdict::Skipped,  // 3 register needs an engine
      Verdict::Passed,   // 4 malformed as expected
      Verdict::Failed,   // 5 invalid, not malformed: wrong class
      Verdict::Passed,   // 6 invalid as expected
      Verdict::Failed,   // 7 valid module
      Verdict::Text,     // 8 text module
      Verdict::Skipped,  // 9 linking needs an engine
      Verdict::Skipped,  // 10 exception handling
      Verdict::Failed,   // 11 unknown command
      Verdict::Failed,   // 12 file missing
  };
  for (size_t i = 0; i < report.results.size(); ++i) {
    EXPECT_EQ(report.results[i].line, i + 1);
    EXPECT_EQ(report.results[i].verdict, expected[i])
        << "line " << i + 1 << ": " << report.results[i].reason;
  }
  EXPECT_NE(report.results[4].reason.find("invalid"), std::string::npos);  // both classes named
  EXPECT_NE(report.results[4].reason.find("malformed"), std::string::npos);
  EXPECT_EQ(report.count(Verdict::Passed), 3u);
  EXPECT_EQ(report.count(Verdict::Failed), 4u);
  EXPECT_EQ(report.count(Verdict::Skipped), 4u);
  EXPECT_EQ(report.count(Verdict::Text), 1u);
}

TEST_F(SpecRunnerTest, KindsNarrowWhatIsCounted) {
  options_.kinds.fill(false);
  options_.kinds[static_cast<unsigned>(CommandKind::AssertMalformed)] = true;
  ScriptReport report = run();
  ASSERT_EQ(report.results.size(), 3u);
  EXPECT_EQ(report.results[0].line, 4u);
  EXPECT_EQ(report.results[1].line, 5u);
  EXPECT_EQ(report.results[2].line, 8u);
}

// A script's module may take the whole 4 GiB a store admits by default
// although spectest's memories live in the same store (Wasmtime's
// big-memory-behavior.wast): a memory of 65,535 pages grows to 65,536.
TEST(SpecRunnerStore, AScriptMemoryMayTakeTheWhole4GiB) {
  const char kBigMemory[] =
      "\0asm\1\0\0\0"
      "\x01\x06\x01\x60\x01\x7f\x01\x7f"           // (func (param i32) (result i32))
      "\x03\x02\x01\x00"                           // one function
      "\x05\x05\x01\x00\xff\xff\x03"               // (memory 65535)
      "\x07\x08\x01\x04grow\x00\x00"               // (export "grow" (func 0))
      "\x0a\x08\x01\x06\x00\x20\x00\x40\x00\x0b";  // local.get 0, memory.grow
  const std::string bigMemory(kBigMemory, sizeof(kBigMemory) - 1);
  const char* script = R"({"source_filename": "big.wast", "commands": [
    {"type": "module", "line": 1, "filename": "big.wasm"},
    {"type": "assert_return", "line": 2, "action": {"type": "invoke", "field": "grow",
     "args": [{"type": "i32", "value": "1"}]}, "expected": [{"type": "i32", "value": "65535"}]}
  ]})";
  const fs::path dir = fs::temp_directory_path() /
                       ("ember_spec_runner_big_memory_" +
                        std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "_" +
                        std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "big.wasm", std::ios::binary) << bigMemory;
  auto parsed = parseSpecScript(script);
  ASSERT_TRUE(parsed.ok()) << parsed.error().message();
  SpecRunOptions options;
  options.execution.engine = EngineChoice::Interp;
  ScriptReport report = runSpecScript(*parsed, dir.string(), options);
  fs::remove_all(dir);
  ASSERT_EQ(report.results.size(), 2u);
  for (const auto& r : report.results)
    EXPECT_EQ(r.verdict, Verdict::Passed) << "line " << r.line << ": " << r.reason;
}

}  // namespace
}  // namespace ember::tools
