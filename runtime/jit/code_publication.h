// Telling the outside world about a module's JIT code once it is sealed
// (profilers, debuggers), as Config asks, and withdrawing it before the
// code is freed. The one hook JitCode calls; each tool has its own file
// (perf_map, jitdump, gdb_jit_interface).
#pragma once

#include "runtime/config.h"
#include "runtime/format/error.h"

namespace ember {

class JitCode;

// After `code` is executable: perf map lines or jitdump records
// (Config::profiler), GDB registration (Config::debugInfo).
Result<void> publishJitCode(const JitCode& code, const Config& config);

// Before `code` is freed: GDB unregistration (the profilers' files keep
// their entries, as perf expects).
void withdrawJitCode(const JitCode& code);

}  // namespace ember
