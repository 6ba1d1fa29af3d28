// Random modules from binaryen's `wasm-opt --translate-to-fuzz` (-ttf),
// restricted to features every Ember engine runs, made from PRNG bytes so a
// module is reproducible from its seed alone.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ember::differential {

// `wasm-opt` from $EMBER_WASM_OPT or the PATH, or nothing.
std::optional<std::string> findWasmOpt();

struct GeneratedModule {
  std::string path;            // the .wasm file, in the work directory
  std::vector<uint8_t> bytes;  // empty when generation failed
  std::string error;
};

// Writes `<workDir>/seed-<seed>.wasm` (the caller deletes it when the module
// is not interesting). The same seed gives the same module. With `simd`,
// the generator may also use the fixed-width SIMD operators.
GeneratedModule generateModule(const std::string& wasmOpt, const std::string& workDir,
                               uint64_t seed, bool simd = false);

}  // namespace ember::differential
