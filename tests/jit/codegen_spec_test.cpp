// The official spec scripts (../shared/spec/core, EMBER_SPEC_DIR) run on JIT
// code alone: every assert_return / assert_trap / assert_exhaustion whose
// module has no imports and whose function the harness's trampoline can
// call (numeric values in registers) is checked, in both bounds modes.
// What is skipped is counted and printed, not hidden.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "runtime/format/decoder.h"
#include "tests/jit/codegen_harness.h"

namespace ember::test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

fs::path specDir() {
  const char* env = std::getenv("EMBER_SPEC_DIR");
  return fs::path(env ? env : EMBER_SPEC_DIR_DEFAULT) / "core";
}

std::vector<uint8_t> readFile(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

bool isScalar(const std::string& t) {
  return t == "i32" || t == "i64" || t == "f32" || t == "f64" || t == "externref" || t == "funcref";
}

// References cross the trampoline as pointers: null is 0, the script's
// (ref.extern N) is the made-up host pointer N + 1.
uint64_t bitsOf(const json& v) {
  std::string type = v["type"];
  std::string value = v["value"];
  if (type == "externref" || type == "funcref") return value == "null" ? 0 : std::stoull(value) + 1;
  return std::stoull(value);
}

bool matches(const json& expected, Raw actual) {
  std::string type = expected["type"];
  std::string value = expected["value"];
  if (value == "nan:canonical" || value == "nan:arithmetic") {
    bool canonical = value == "nan:canonical";
    if (type == "f32") {
      uint32_t b = static_cast<uint32_t>(actual.bits);
      if ((b & 0x7F800000u) != 0x7F800000u) return false;
      return canonical ? (b & 0x7FFFFFFFu) == 0x7FC00000u : (b & 0x00400000u) != 0;
    }
    uint64_t b = actual.bits;
    if ((b & 0x7FF0000000000000ull) != 0x7FF0000000000000ull) return false;
    return canonical ? (b & 0x7FFFFFFFFFFFFFFFull) == 0x7FF8000000000000ull
                     : (b & 0x0008000000000000ull) != 0;
  }
  if (type == "funcref" && value != "null") return actual.bits != 0;
  uint64_t bits = bitsOf(expected);
  if (type == "i32" || type == "f32") return static_cast<uint32_t>(actual.bits) == bits;
  return actual.bits == bits;
}

struct Tally {
  int passed = 0, failed = 0, skipped = 0;
};

// Modules with imports need the spectest host module and registered
// instances, which only the runtime provides.
bool standalone(const std::vector<uint8_t>& bytes) {
  auto m = decodeModule(bytes);
  return m.ok() && m.value().imports.empty();
}

// A module the harness cannot instantiate must still compile.
void compileOnly(const std::vector<uint8_t>& bytes, const JitOptions& options, const fs::path& script) {
  auto m = decodeModule(bytes);
  if (!m.ok()) return;
  auto code = compileModule(m.value(), options);
  if (!code.ok()) {
    EXPECT_EQ(code.error().kind(), ErrorKind::Unsupported)
        << script.filename().string() << ": " << code.error().message();
  }
}

void runScript(const fs::path& script, const JitOptions& options, Tally& total) {
  std::ifstream in(script);
  json doc = json::parse(in);
  std::unique_ptr<JitInstance> current;
  Tally t;
  for (const json& cmd : doc["commands"]) {
    std::string type = cmd["type"];
    if (type == "module") {
      current.reset();
      auto bytes = readFile(script.parent_path() / cmd["filename"].get<std::string>());
      if (standalone(bytes)) {
        current = std::make_unique<JitInstance>(std::move(bytes), options);
        if (!current->ok()) current.reset();
      } else {
        compileOnly(bytes, options, script);
      }
      continue;
    }
    if (type != "assert_return" && type != "assert_trap" && type != "assert_exhaustion" &&
        type != "action") {
      continue;
    }
    const json& action = cmd["action"];
    bool usable = current && action["type"] == "invoke" && !action.contains("module") &&
                  current->canCall(action["field"]);
    if (usable && cmd.contains("expected")) {
      for (const json& e : cmd["expected"]) usable = usable && isScalar(e["type"]);
    }
    if (!usable) {
      t.skipped++;
      continue;
    }
    std::vector<Raw> args;
    for (const json& a : action["args"]) {
      usable = usable && isScalar(a["type"]);
      if (usable) args.push_back({bitsOf(a)});
    }
    if (!usable) {
      t.skipped++;
      continue;
    }
    Outcome out = current->call(action["field"], args);
    bool ok = true;
    std::string why;
    if (type == "assert_return" || type == "action") {
      ok = !out.trap && (type == "action" || out.results.size() == cmd["expected"].size());
      if (ok && type == "assert_return") {
        for (size_t i = 0; i < out.results.size(); i++)
          ok = ok && matches(cmd["expected"][i], out.results[i]);
      }
      if (!ok) why = out.trap ? std::string("trapped: ") + trapMessage(*out.trap) : "wrong result";
    } else if (type == "assert_trap") {
      ok = out.trap && cmd["text"].get<std::string>().starts_with(trapMessage(*out.trap));
      if (!ok) why = out.trap ? std::string("wrong trap: ") + trapMessage(*out.trap) : "no trap";
    } else {
      ok = out.trap == TrapCode::StackExhausted;
      if (!ok) why = "no stack exhaustion";
    }
    if (ok) {
      t.passed++;
    } else {
      t.failed++;
      ADD_FAILURE() << script.filename().string() << ":" << cmd["line"] << " " << action["field"]
                    << ": " << why;
    }
  }
  std::printf("  %-32s %5d passed %3d failed %5d skipped\n", script.filename().string().c_str(),
              t.passed, t.failed, t.skipped);
  total.passed += t.passed;
  total.failed += t.failed;
  total.skipped += t.skipped;
}

void runSuite(const JitOptions& options) {
  fs::path dir = specDir();
  if (!fs::is_directory(dir)) GTEST_SKIP() << "no spec suite at " << dir;
  std::vector<fs::path> scripts;
  for (const auto& e : fs::directory_iterator(dir)) {
    std::string name = e.path().filename().string();
    if (e.path().extension() == ".json" && !name.starts_with("simd")) scripts.push_back(e.path());
  }
  std::sort(scripts.begin(), scripts.end());
  Tally total;
  for (const fs::path& s : scripts) runScript(s, options, total);
  std::printf("spec on JIT code: %d passed, %d failed, %d skipped\n", total.passed, total.failed,
              total.skipped);
  EXPECT_GT(total.passed, 10000);
}

TEST(CodegenSpec, GuardBounds) { runSuite(JitOptions{}); }

TEST(CodegenSpec, ExplicitBounds) {
  JitOptions options;
  options.bounds = BoundsCheck::Explicit;
  runSuite(options);
}

}  // namespace
}  // namespace ember::test
