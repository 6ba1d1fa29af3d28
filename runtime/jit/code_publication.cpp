#include "runtime/jit/code_publication.h"

#include "runtime/jit/code_symbols.h"
#include "runtime/jit/gdb_jit_interface.h"
#include "runtime/jit/jitdump.h"
#include "runtime/jit/perf_map.h"
#include "runtime/jit/engine.h"

namespace ember {

Result<void> publishJitCode(const JitCode& code, const Config& config) {
  if (config.profiler == Profiler::None && !config.debugInfo) return success();
  std::vector<CodeSymbol> symbols = codeSymbolsOf(code);
  if (config.profiler == Profiler::PerfMap) EMBER_TRY(appendToPerfMap(symbols));
  if (config.profiler == Profiler::JitDump) EMBER_TRY(appendToJitdump(symbols));
  if (config.debugInfo) {
    EMBER_TRY(registerWithGdb(reinterpret_cast<uintptr_t>(code.code().data()), code.codeSize(),
                              symbols));
  }
  return success();
}

void withdrawJitCode(const JitCode& code) {
  unregisterFromGdb(reinterpret_cast<uintptr_t>(code.code().data()));
}

}  // namespace ember
