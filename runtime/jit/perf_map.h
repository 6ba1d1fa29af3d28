// The perf map (Config::profiler == Profiler::PerfMap): /tmp/perf-<pid>.map,
// one text line "START SIZE NAME" (hex, no 0x) per function, which
// `perf report` reads to name samples in JIT code. Append-only for the life
// of the process: freed code keeps its lines (perf has no unload record).
#pragma once

#include <span>

#include "runtime/format/error.h"
#include "runtime/jit/code_symbols.h"

namespace ember {

// Appends a line per symbol; creates the file on first use. Thread-safe.
Result<void> appendToPerfMap(std::span<const CodeSymbol> symbols);

}  // namespace ember
