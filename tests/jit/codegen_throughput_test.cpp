// Compile throughput of the module compiler on the sightglass corpus
// (../shared/bench, EMBER_BENCH_DIR): every module (SIMD ones included) is
// compiled whole and the MB/s of wasm is printed. Skips when the corpus is
// absent.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "jit/module_compiler.h"
#include "runtime/format/decoder.h"
#include "runtime/format/module_validator.h"

namespace ember {
namespace {

std::filesystem::path benchDir() {
  const char* env = std::getenv("EMBER_BENCH_DIR");
  return env ? env : EMBER_BENCH_DIR_DEFAULT;
}

TEST(CodegenThroughput, Sightglass) {
  std::filesystem::path dir = benchDir() / "sightglass";
  if (!std::filesystem::is_directory(dir)) GTEST_SKIP() << "no sightglass corpus at " << dir;
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) {
    std::string p = e.path().string();
    if (e.path().extension() == ".wasm") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  // Whole-module MB/s flatters modules with large data segments, so the
  // function-body bytes are counted too.
  size_t compiledBytes = 0, bodyBytes = 0, codeBytes = 0, modules = 0;
  double seconds = 0;
  for (const auto& path : files) {
    std::ifstream f(path, std::ios::binary);
    std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(f)),
                               std::istreambuf_iterator<char>());
    auto module = decodeModule(bytes);
    ASSERT_TRUE(module.ok()) << path;
    ASSERT_TRUE(validateModule(module.value()).ok()) << path;
    auto start = std::chrono::steady_clock::now();
    auto code = compileModule(module.value(), JitOptions{});
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    ASSERT_TRUE(code.ok()) << path << ": " << code.error().message();
    EXPECT_EQ(code.value().functions.size(), module.value().definedFuncCount()) << path;
    std::printf("  %-40s %8zu bytes wasm -> %9zu bytes code in %7.2f ms (%.1f MB/s)\n",
                path.parent_path().filename().string().c_str(), bytes.size(),
                code.value().bytes.size(), s * 1e3, bytes.size() / s / 1e6);
    compiledBytes += bytes.size();
    for (const FunctionBody& b : module.value().bodies) bodyBytes += b.end - b.offset;
    codeBytes += code.value().bytes.size();
    seconds += s;
    modules++;
  }
  ASSERT_GT(modules, 0u);
  std::printf(
      "compiled %zu modules: %.2f MB of wasm (%.2f MB of function bodies) -> %.2f MB of code in "
      "%.1f ms: %.1f MB/s of wasm, %.1f MB/s of function bodies\n",
      modules, compiledBytes / 1e6, bodyBytes / 1e6, codeBytes / 1e6, seconds * 1e3,
      compiledBytes / seconds / 1e6, bodyBytes / seconds / 1e6);
}

}  // namespace
}  // namespace ember
