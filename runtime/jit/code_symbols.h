// One symbol per compiled function of a module's JIT code: its address,
// size and name, as profilers and debuggers are told about it (perf_map,
// jitdump, gdb_jit_interface). Names come from the name section, else
// "wasm[func N]" (N: the function index).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace ember {

class JitCode;

struct CodeSymbol {
  uintptr_t start = 0;
  size_t size = 0;
  uint32_t funcIndex = 0;
  std::string name;  // printable: no control characters, never empty
};

// The functions of `code`, in emission (address) order.
std::vector<CodeSymbol> codeSymbolsOf(const JitCode& code);

}  // namespace ember
