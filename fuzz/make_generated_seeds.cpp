// Seed corpus of the compile-and-run fuzzer, made at run time in the build
// tree: COUNT modules from binaryen's `wasm-opt --translate-to-fuzz` (the
// differential test's generator, seeds 1..COUNT; none when wasm-opt is not
// found), and as many pseudo-random decision streams for moduleFromBytes.
//   ember_fuzz_generated_seeds COUNT DIR
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "tests/differential/generated_module.h"

namespace {

// SplitMix64: the same streams on every host.
uint64_t nextRandom(uint64_t& state) {
  uint64_t z = (state += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

void writeDecisionStream(const std::string& dir, uint64_t seed) {
  uint64_t state = seed;
  std::string bytes(64 + nextRandom(state) % 2000, '\0');
  for (char& c : bytes) c = static_cast<char>(nextRandom(state));
  if (bytes[0] == '\0') bytes[0] = 1;  // never the wasm magic
  std::ofstream(dir + "/decisions-" + std::to_string(seed), std::ios::binary) << bytes;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: ember_fuzz_generated_seeds COUNT DIR\n");
    return 2;
  }
  uint64_t count = std::strtoull(argv[1], nullptr, 10);
  std::string dir = argv[2];
  std::filesystem::create_directories(dir);
  for (uint64_t seed = 1; seed <= count; ++seed) writeDecisionStream(dir, seed);
  auto wasmOpt = ember::differential::findWasmOpt();
  if (!wasmOpt) {
    std::printf("ember_fuzz_generated_seeds: wasm-opt not found (PATH or EMBER_WASM_OPT): "
                "decision streams only\n");
    return 0;
  }
  uint64_t made = 0;
  for (uint64_t seed = 1; seed <= count; ++seed)
    made += !ember::differential::generateModule(*wasmOpt, dir, seed).bytes.empty();
  std::printf("ember_fuzz_generated_seeds: %llu -ttf modules and %llu decision streams in %s\n",
              static_cast<unsigned long long>(made), static_cast<unsigned long long>(count), dir.c_str());
  return 0;
}
