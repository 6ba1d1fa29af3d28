// Shared by the profiling tests and the gdb target: compiles
// wat/profiled.wat on the JIT with a Config and links its host import.
#pragma once

#include <fstream>
#include <functional>
#include <iterator>
#include <string>
#include <vector>

#include "runtime/ember_runtime.h"

namespace ember::test {

inline std::vector<uint8_t> readProfiledWasm() {
  std::ifstream in(std::string(EMBER_TEST_WASM_DIR) + "/profiled.wasm", std::ios::binary);
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), {});
}

// Defines host.breakpoint as `onCall(argument)`.
inline void defineBreakpoint(Linker& linker, Store& store, std::function<void(uint32_t)> onCall) {
  linker.define("host", "breakpoint",
                Extern::of(store.createHostFunction(
                    {{ValType::I32}, {}},
                    [onCall](Caller&, std::span<const Value> args, std::span<Value>) -> Result<void> {
                      onCall(args[0].i32);
                      return success();
                    })));
}

}  // namespace ember::test
