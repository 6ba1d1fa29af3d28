// Reproducers of what the fuzz targets (fuzz/) found, minimised, one test
// per finding, on every engine and bounds mode it applies to.
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "runtime/ember_runtime.h"

namespace ember {
namespace {

std::vector<Config> everyEngine() {
  std::vector<Config> configs;
  for (EngineKind engine : {EngineKind::Interpreter, EngineKind::Jit})
    for (BoundsMode bounds : {BoundsMode::Signals, BoundsMode::Checks}) {
      Config c;
      c.engine = engine;
      c.bounds = bounds;
      configs.push_back(c);
    }
  return configs;
}

// compile_run fuzzer, a mutated binaryen module: function 0 is invalid (it
// leaves a value on the stack of a function without results) and function
// 1 is malformed (0xff is no opcode). The spec decodes the whole module
// before validating any of it, so the module is malformed; the interpreter
// reported the invalid body it met first, the JIT and `ember validate`
// "malformed".
TEST(FuzzFindings, MalformedLaterBodyOutranksInvalidEarlierOneOnEveryEngine) {
  const std::vector<uint8_t> module = {
      0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,  // header
      0x01, 0x04, 0x01, 0x60, 0x00, 0x00,              // type 0: [] -> []
      0x03, 0x03, 0x02, 0x00, 0x00,                    // two functions of type 0
      0x0a, 0x0a, 0x02,                                // code, two bodies:
      0x04, 0x00, 0x41, 0x00, 0x0b,                    //   i32.const 0 (invalid)
      0x03, 0x00, 0xff, 0x0b,                          //   0xff (malformed)
  };
  for (const Config& config : everyEngine()) {
    Engine engine(config);
    auto compiled = compileModule(engine, module);
    ASSERT_FALSE(compiled.ok());
    EXPECT_EQ(compiled.error().kind(), ErrorKind::Malformed)
        << (config.engine == EngineKind::Jit ? "jit" : "interp") << ": " << compiled.error().message();
  }
}

}  // namespace
}  // namespace ember
