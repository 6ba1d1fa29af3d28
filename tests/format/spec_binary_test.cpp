// The spec suite's binary modules (core/*.json from wast2json) through the
// format layer: every `module` decodes and validates, every binary
// `assert_malformed` is rejected as malformed and every `assert_invalid` as
// invalid. Also decodes the benchmark corpus. Skips when the data is absent.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "runtime/format/decoder.h"
#include "runtime/format/module_validator.h"
#include "tests/format/wasm_bytes.h"

namespace ember {
namespace {

namespace fs = std::filesystem;

struct SpecCommand {
  std::string where;  // "binary.json:123"
  std::string type;   // module, assert_malformed, assert_invalid
  std::string text;   // expected message, for the assertions
  fs::path wasm;
};

// Binary-module commands of core/*.json.
std::vector<SpecCommand> loadCommands(const fs::path& dir) {
  std::vector<SpecCommand> out;
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  for (const fs::path& file : files) {
    std::ifstream in(file);
    nlohmann::json doc = nlohmann::json::parse(in);
    for (const auto& cmd : doc["commands"]) {
      std::string type = cmd["type"];
      if (type != "module" && type != "assert_malformed" && type != "assert_invalid") continue;
      if (cmd.value("module_type", "binary") != "binary") continue;
      out.push_back({file.filename().string() + ":" + std::to_string(cmd["line"].get<int>()), type,
                     cmd.value("text", ""),
                     file.parent_path() / cmd["filename"].get<std::string>()});
    }
  }
  return out;
}

class SpecBinary : public ::testing::Test {
 protected:
  void SetUp() override {
    fs::path dir = fs::path(test::specDir()) / "core";
    if (!fs::exists(dir))
      GTEST_SKIP() << "spec suite not found at " << dir << " (set EMBER_SPEC_DIR)";
    commands_ = loadCommands(dir);
    ASSERT_GT(commands_.size(), 1000u);
  }
  std::vector<SpecCommand> commands_;
};

// assert_malformed cases whose bytes are malformed only inside a function
// body: the decoder locates bodies without reading their instructions, so
// these are the function validator's to reject.
const std::set<std::string> kMalformedInBodies = {
    "binary-leb128.json:405", "binary-leb128.json:424", "binary-leb128.json:443",
    "binary-leb128.json:462", "binary-leb128.json:731", "binary-leb128.json:750",
    "binary-leb128.json:769", "binary-leb128.json:787", "binary-leb128.json:806",
    "binary-leb128.json:825", "binary-leb128.json:844", "binary-leb128.json:863",
    "binary-leb128.json:988", "binary.json:418",        "binary.json:439",
    "binary.json:455",        "binary.json:483",        "binary.json:502",
    "binary.json:521",        "binary.json:540",        "binary.json:620",
    "binary.json:639",        "binary.json:658",        "binary.json:676",
    "binary.json:695",        "binary.json:714",        "binary.json:733",
    "binary.json:752",        "binary.json:857",        "binary.json:877",
    "binary.json:897",        "binary.json:916",        "binary.json:935",
    "binary.json:955",        "binary.json:974",        "binary.json:993",
    "binary.json:1011",       "binary.json:1029",       "binary.json:1205",
    "binary.json:1227",       "binary.json:1817",
};

TEST_F(SpecBinary, ModulesDecodeAndPassModuleValidation) {
  int checked = 0;
  for (const SpecCommand& c : commands_) {
    if (c.type != "module") continue;
    Result<Module> m = decodeModule(test::readFile(c.wasm.string()));
    ASSERT_TRUE(m.ok()) << c.where << ": " << m.error().message();
    Result<void> v = validateModule(*m);
    EXPECT_TRUE(v.ok()) << c.where << ": " << v.error().message();
    ++checked;
  }
  EXPECT_GT(checked, 1000);
  std::printf("[ spec     ] %d modules decoded and validated\n", checked);
}

TEST_F(SpecBinary, MalformedModulesFailToDecode) {
  int rejected = 0, deferred = 0;
  std::map<std::string, int> byText;
  for (const SpecCommand& c : commands_) {
    if (c.type != "assert_malformed") continue;
    Result<Module> m = decodeModule(test::readFile(c.wasm.string()));
    if (kMalformedInBodies.count(c.where)) {
      EXPECT_TRUE(m.ok()) << c.where << " is malformed before any body: update kMalformedInBodies";
      if (m.ok()) {
        EXPECT_FALSE(m->bodies.empty()) << c.where;
      }
      ++deferred;
      continue;
    }
    if (m.ok()) {
      ADD_FAILURE() << c.where << ": decoded, expected \"" << c.text << "\"";
      continue;
    }
    EXPECT_EQ(m.error().kind(), ErrorKind::Malformed) << c.where;
    ++rejected;
    ++byText[c.text];
  }
  EXPECT_EQ(deferred, static_cast<int>(kMalformedInBodies.size()));
  std::printf(
      "[ spec     ] %d malformed modules rejected by the decoder, %d left to the function "
      "validator\n",
      rejected, deferred);
}

// Module-level rules whose assert_invalid cases must fail validateModule
// itself, not just the function validator.
bool isModuleLevelPhrase(const std::string& text) {
  for (const char* phrase :
       {"constant expression required", "duplicate export name", "multiple memories",
        "memory size must be at most", "size minimum must not be greater", "start function"}) {
    if (text.rfind(phrase, 0) == 0) return true;
  }
  return false;
}

TEST_F(SpecBinary, InvalidModulesDecodeAndModuleLevelOnesFailValidation) {
  int moduleLevel = 0, total = 0;
  for (const SpecCommand& c : commands_) {
    if (c.type != "assert_invalid") continue;
    ++total;
    Result<Module> m = decodeModule(test::readFile(c.wasm.string()));
    ASSERT_TRUE(m.ok()) << c.where
                        << ": invalid module rejected as malformed: " << m.error().message();
    Result<void> v = validateModule(*m);
    bool mustFail = isModuleLevelPhrase(c.text) || m->bodies.empty();
    if (mustFail) {
      ++moduleLevel;
      EXPECT_FALSE(v.ok()) << c.where << ": expected \"" << c.text << "\"";
    }
    if (!v.ok()) {
      EXPECT_EQ(v.error().kind(), ErrorKind::Invalid) << c.where;
    }
  }
  std::printf(
      "[ spec     ] %d invalid modules decoded; %d module-level ones rejected by validateModule\n",
      total, moduleLevel);
}

// Decode plus the function validator: the whole format layer against the
// suite. Depends on validate_all.cpp and the function validator.
TEST_F(SpecBinary, FullValidationMatchesTheSuite) {
  int passed = 0, total = 0;
  for (const SpecCommand& c : commands_) {
    ++total;
    Result<Module> m = decodeModule(test::readFile(c.wasm.string()));
    Result<void> v = m.ok() ? validateModuleAndBodies(*m) : Result<void>(m.takeError());
    if (c.type == "module") {
      EXPECT_TRUE(v.ok()) << c.where << ": " << v.error().message();
    } else {
      ErrorKind expected = c.type == "assert_malformed" ? ErrorKind::Malformed : ErrorKind::Invalid;
      ASSERT_FALSE(v.ok()) << c.where << ": accepted, expected \"" << c.text << "\"";
      EXPECT_EQ(v.error().kind(), expected)
          << c.where << ": " << v.error().message() << " / expected \"" << c.text << "\"";
      if (v.error().kind() != expected) continue;
    }
    ++passed;
  }
  std::printf("[ spec     ] %d of %d binary module commands behave as the suite expects\n", passed,
              total);
}

// The benchmark corpus: real toolchain output must decode and validate.
// Prints the decode + module-validation throughput (a Release build is
// what the speed goal refers to).
TEST(BenchCorpus, DecodeAndValidateModules) {
  fs::path dir = fs::path(test::benchDir()) / "sightglass";
  if (!fs::exists(dir))
    GTEST_SKIP() << "benchmark corpus not found at " << dir << " (set EMBER_BENCH_DIR)";
  size_t totalBytes = 0;
  std::chrono::nanoseconds elapsed{0};
  int modules = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    fs::path wasm = entry.path() / "benchmark.wasm";
    if (!fs::exists(wasm)) continue;
    test::Bytes bytes = test::readFile(wasm.string());
    auto start = std::chrono::steady_clock::now();
    Result<Module> m = decodeModule(bytes);
    Result<void> v = m.ok() ? validateModule(*m) : Result<void>(m.takeError());
    elapsed += std::chrono::steady_clock::now() - start;
    EXPECT_TRUE(v.ok()) << wasm << ": " << v.error().message();
    if (m.ok()) {
      EXPECT_FALSE(m->bodies.empty()) << wasm;
    }
    totalBytes += bytes.size();
    ++modules;
  }
  EXPECT_GT(modules, 0);
  double seconds = std::chrono::duration<double>(elapsed).count();
  std::printf("[ bench    ] %d modules, %.1f MB, decode+validateModule %.1f MB/s\n", modules,
              totalBytes / 1e6, totalBytes / 1e6 / seconds);
}

}  // namespace
}  // namespace ember
