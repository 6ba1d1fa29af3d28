// Writes the seed corpus of the artifact loader fuzzer: each .wasm given
// compiled by the JIT (explicit bounds checks, like the fuzz target's
// engine) and saved as an artifact in OUT_DIR. Modules the JIT rejects
// (SIMD, invalid ones) are left out.
// usage: ember_make_artifact_seeds OUT_DIR FILE.wasm...
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "runtime/compiled_module.h"
#include "runtime/engine.h"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s OUT_DIR FILE.wasm...\n", argv[0]);
    return 2;
  }
  ember::Config config;
  config.engine = ember::EngineKind::Jit;
  config.bounds = ember::BoundsMode::Checks;
  ember::Engine engine(config);
  int written = 0;
  for (int i = 2; i < argc; ++i) {
    std::ifstream in(argv[i], std::ios::binary);
    std::vector<uint8_t> wasm{std::istreambuf_iterator<char>(in), {}};
    auto compiled = ember::compileModule(engine, wasm);
    if (!compiled) continue;
    auto artifact = ember::serializeModule(**compiled);
    if (!artifact) continue;
    std::string out = std::string(argv[1]) + "/seed" + std::to_string(written++) + ".ember";
    std::ofstream(out, std::ios::binary)
        .write(reinterpret_cast<const char*>(artifact->data()),
               static_cast<std::streamsize>(artifact->size()));
  }
  std::printf("make_artifact_seeds: %d artifacts in %s\n", written, argv[1]);
  return 0;
}
