// Which engine the CLI commands execute with (`--engine`, `--bounds`), and
// whether this build can execute at all: without the runtime target, only
// decoding and validation are available (EMBER_HAVE_RUNTIME=0).
#pragma once

#include <charconv>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ember::tools {

// `None` decodes and validates but never instantiates or runs.
enum class EngineChoice : uint8_t { None, Interp, Jit };

struct ExecutionOptions {
  EngineChoice engine = EngineChoice::None;
  // Explicit bounds checks instead of guard pages and signals (the only mode
  // of a build without signals).
  bool boundsChecks = !EMBER_HAVE_SIGNALS;
  // Every module goes compile -> serialize -> load (precompiled artifacts,
  // JIT only) before it runs: `ember spec --via-artifact`.
  bool viaArtifact = false;
  // `--compile-threads N`: threads the JIT compiles on; 0 is one per
  // processor (Config::compileThreads).
  uint32_t compileThreads = 0;
  // `--compile-part-bytes N` (testing): Config::compilePartBytes; 0 keeps
  // the default.
  uint32_t compilePartBytes = 0;
  // `--large-pages on`: linear memories on large pages
  // (Config::largePageMemory).
  bool largePages = false;
  // `--cpu-features sse4.1`: x86-64 JIT code uses only the SSE4.1 baseline
  // (Config::jitCpuFeatures), to test the paths taken on older CPUs.
  bool baselineCpuFeatures = false;
  // With viaArtifact: artifacts are also kept in this directory, named by
  // a hash of the module's bytes, and one found there is loaded instead of
  // compiling, so a build without a compiler (the runtime-only rung) runs
  // what a full build wrote: `ember spec --artifact-dir DIR`.
  std::string artifactDir;
};

// The value of `--compile-threads`: a count from 1 to 1024.
inline std::optional<uint32_t> parseThreadCount(std::string_view text) {
  uint32_t n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || end != text.data() + text.size() || n == 0 || n > 1024)
    return std::nullopt;
  return n;
}
constexpr const char* kThreadCountError = "--compile-threads takes a count from 1 to 1024";

// The value of `--compile-part-bytes`: a positive byte count.
inline std::optional<uint32_t> parsePartBytes(std::string_view text) {
  uint32_t n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || end != text.data() + text.size() || n == 0) return std::nullopt;
  return n;
}
constexpr const char* kPartBytesError = "--compile-part-bytes takes a positive byte count";

// The value of `--cpu-features`: "host" or "sse4.1".
inline std::optional<bool> parseCpuFeatures(std::string_view value) {
  if (value == "host") return false;
  if (value == "sse4.1") return true;
  return std::nullopt;
}

constexpr bool kHaveRuntime = EMBER_HAVE_RUNTIME != 0;

inline std::optional<EngineChoice> parseEngineChoice(std::string_view name) {
  if (name == "none") return EngineChoice::None;
  if (name == "interp") return EngineChoice::Interp;
  if (name == "jit") return EngineChoice::Jit;
  return std::nullopt;
}

inline const char* engineChoiceName(EngineChoice e) {
  switch (e) {
    case EngineChoice::None:
      return "none";
    case EngineChoice::Interp:
      return "interp";
    case EngineChoice::Jit:
      return "jit";
  }
  return "?";
}

// The interpreter is the reference engine (DESIGN), so it is the default
// where it is built; a build without it runs the JIT (its own compiles, or
// the runtime-only build's precompiled artifacts).
inline EngineChoice defaultEngineChoice() {
#if EMBER_HAVE_INTERP
  return EngineChoice::Interp;
#elif EMBER_HAVE_JIT
  return EngineChoice::Jit;
#else
  return EngineChoice::None;
#endif
}

}  // namespace ember::tools
