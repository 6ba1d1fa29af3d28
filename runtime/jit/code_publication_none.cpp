// code_publication.h in a build without EMBER_PROFILING: no perf map,
// jitdump or GDB registration is compiled in, so a config that asks for one
// is refused when its first module's code is published, not ignored.
#include "runtime/jit/code_publication.h"

namespace ember {

Result<void> publishJitCode(const JitCode&, const Config& config) {
  if (config.profiler == Profiler::None && !config.debugInfo) return success();
  return Error(ErrorKind::Unsupported,
               "profiling and debug info for JIT code are not in this build (EMBER_PROFILING)");
}

void withdrawJitCode(const JitCode&) {}

}  // namespace ember
