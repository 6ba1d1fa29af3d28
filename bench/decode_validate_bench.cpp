// Decode + validate throughput (bytes per second) on the largest real
// programs of the benchmark corpus (sightglass). The corpus is found through
// EMBER_BENCH_DIR, else the folder configured at build time; without it the
// benchmark says so and runs nothing.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <system_error>
#include <vector>

#include "runtime/format/decoder.h"
#include "runtime/format/module_validator.h"

namespace {

namespace fs = std::filesystem;

constexpr size_t kModulesMeasured = 6;

struct CorpusModule {
  std::string name;  // relative to sightglass/
  std::vector<uint8_t> bytes;
  uint64_t codeBytes = 0;  // function bodies only
};

std::string benchDir() {
  const char* env = std::getenv("EMBER_BENCH_DIR");
  return env && *env ? env : EMBER_BENCH_DIR_DEFAULT;
}

std::vector<uint8_t> readFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), {});
}

uint64_t codeBytesOf(const ember::Module& module) {
  uint64_t n = 0;
  for (const ember::FunctionBody& body : module.bodies) n += body.end - body.offset;
  return n;
}

// The modules with the most function-body bytes: many files are mostly
// DWARF custom sections, which the decoder skips, so file size alone would
// measure memcpy. Body bytes are what the validator walks.
std::vector<CorpusModule> largestModules(const fs::path& root, size_t count) {
  std::vector<CorpusModule> found;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(root, ec), end; !ec && it != end; it.increment(ec)) {
    if (!it->is_regular_file(ec) || it->path().extension() != ".wasm") continue;
    CorpusModule m{it->path().lexically_relative(root).string(), readFile(it->path())};
    auto decoded = ember::decodeModule(m.bytes);
    if (!decoded) {
      std::printf("skipping %s: %s\n", m.name.c_str(), decoded.error().message().c_str());
      continue;
    }
    m.codeBytes = codeBytesOf(*decoded);
    found.push_back(std::move(m));
  }
  std::sort(found.begin(), found.end(), [](auto& a, auto& b) { return a.codeBytes > b.codeBytes; });
  if (found.size() > count) found.resize(count);
  return found;
}

void decodeAndValidate(benchmark::State& state, const CorpusModule* module) {
  std::span<const uint8_t> bytes(module->bytes);
  for (auto _ : state) {
    auto decoded = ember::decodeModule(bytes);
    if (!decoded) {
      state.SkipWithError(("decode failed: " + decoded.error().message()).c_str());
      return;
    }
    auto valid = ember::validateModuleAndBodies(*decoded);
    if (!valid) {
      state.SkipWithError(("validation failed: " + valid.error().message()).c_str());
      return;
    }
    benchmark::DoNotOptimize(decoded);
  }
  auto iterations = static_cast<double>(state.iterations());
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(module->bytes.size()));
  state.counters["code_bytes_per_second"] =
      benchmark::Counter(iterations * static_cast<double>(module->codeBytes),
                         benchmark::Counter::kIsRate, benchmark::Counter::kIs1024);
  state.counters["file_MiB"] = static_cast<double>(module->bytes.size()) / (1 << 20);
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  fs::path root = fs::path(benchDir()) / "sightglass";
  std::error_code ec;
  if (!fs::is_directory(root, ec)) {
    std::printf("benchmark corpus not found at %s; set EMBER_BENCH_DIR. Nothing to measure.\n",
                root.string().c_str());
    return 0;
  }
  // Loaded once, before timing; kept alive until the benchmarks have run.
  std::vector<CorpusModule> modules = largestModules(root, kModulesMeasured);
  for (const CorpusModule& m : modules)
    benchmark::RegisterBenchmark(("decode_validate/" + m.name).c_str(), decodeAndValidate, &m)
        ->Unit(benchmark::kMillisecond);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
