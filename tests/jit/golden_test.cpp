// Golden disassembly tests (Winch's tests/disas): each golden/<case>.wat is
// compiled by this build's JIT target and its listing compared with the
// expected one checked in beside it, golden/<target>/<case>.s. They pin the
// quality of the generated code (immediates, fused branches, values kept in
// registers, bounds checks, call sequences), so that a change to it shows
// up as a reviewed diff. Built once per target (EMBER_JIT_TARGET_X64/A64,
// linking ember_jit_x64/a64): only disassembly, nothing runs, so both run on
// any host.
//
// A case's first line may hold options: `;; bounds: checks` compiles with
// explicit bounds checks (default: guard pages).
// After an intended change: scripts/update-golden.sh (sets
// EMBER_GOLDEN_UPDATE=1, which rewrites the expected listings).
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include "jit/module_compiler.h"
#include "runtime/format/decoder.h"
#include "runtime/format/module_validator.h"
#include "tests/jit/golden_disasm.h"

namespace ember {
namespace {

namespace fs = std::filesystem;

#if defined(EMBER_JIT_TARGET_A64)
constexpr const char* kTarget = "a64";
#else
constexpr const char* kTarget = "x64";
#endif

fs::path goldenDir() { return fs::path(EMBER_GOLDEN_DIR); }

std::vector<std::string> caseNames() {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(goldenDir()))
    if (entry.path().extension() == ".wat") names.push_back(entry.path().stem().string());
  std::sort(names.begin(), names.end());
  return names;
}

std::string readText(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

std::vector<uint8_t> watToWasm(const fs::path& wat) {
  fs::path out = fs::temp_directory_path() /
                 ("ember-golden-" + std::to_string(getpid()) + "-" + wat.stem().string() + ".wasm");
  std::string cmd = std::string(EMBER_WAT2WASM) + " " + wat.string() + " -o " + out.string();
  int rc = std::system(cmd.c_str());
  std::ifstream f(out, std::ios::binary);
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(f)), {});
  fs::remove(out);
  if (rc != 0) bytes.clear();
  return bytes;
}

// The listing of every function: a header, then one instruction a line
// with function-relative offsets (so a change in one function does not
// ripple into the others).
std::string listing(const CompiledCode& code) {
  std::ostringstream out;
  for (const FunctionRange& f : code.functions) {
    out << "func[" << f.funcIndex << "]:\n";
    std::span<const uint8_t> bytes(code.bytes.data() + f.begin, f.end - f.begin);
    std::vector<DisasmDataRange> data;
    for (const CodeDataRange& d : code.dataRanges) {
      if (d.begin >= f.begin && d.end <= f.end)
        data.push_back({d.begin - f.begin, d.end - f.begin});
    }
    out << disassembleForGolden(bytes, data);
  }
  return out.str();
}

class Golden : public ::testing::TestWithParam<std::string> {};

TEST_P(Golden, ListingMatches) {
  const fs::path wat = goldenDir() / (GetParam() + ".wat");
  const fs::path expectedPath = goldenDir() / kTarget / (GetParam() + ".s");
  const std::string source = readText(wat);
  JitOptions options;
  if (source.rfind(";; bounds: checks", 0) == 0) options.bounds = BoundsCheck::Explicit;

  std::vector<uint8_t> bytes = watToWasm(wat);
  ASSERT_FALSE(bytes.empty()) << "wat2wasm failed on " << wat;
  auto decoded = decodeModule(bytes);
  ASSERT_TRUE(decoded) << decoded.error().message();
  Module module = std::move(decoded.value());
  auto valid = validateModule(module);
  ASSERT_TRUE(valid) << valid.error().message();
  auto compiled = compileModule(module, options);
  ASSERT_TRUE(compiled) << compiled.error().message();
  const std::string actual = listing(compiled.value());

  if (std::getenv("EMBER_GOLDEN_UPDATE")) {
    std::ofstream(expectedPath, std::ios::binary) << actual;
    return;
  }
  ASSERT_TRUE(fs::exists(expectedPath))
      << expectedPath << " is missing; run scripts/update-golden.sh";
  EXPECT_EQ(actual, readText(expectedPath))
      << "the " << kTarget << " code of " << wat.filename().string()
      << " changed; if intended, run scripts/update-golden.sh and review the diff";
}

INSTANTIATE_TEST_SUITE_P(Cases, Golden, ::testing::ValuesIn(caseNames()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace ember
