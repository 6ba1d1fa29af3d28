#include "tools/compile_command.h"

#include <sys/resource.h>
#include <time.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <string>
#include <vector>

#include "tools/engine_choice.h"
#include "tools/file_bytes.h"

#if EMBER_HAVE_RUNTIME
#include "tools/runtime_api.h"
#if EMBER_HAVE_JIT
#include "runtime/jit/engine.h"
#endif
#endif

namespace ember::tools {

namespace {

constexpr const char* kUsage =
    "usage: ember compile [--engine interp|jit] [--bounds signals|checks] [--repeat N] "
    "FILE.wasm...\n"
    "  Compiles each module N times (default 5) and prints the best and median CPU time,\n"
    "  the throughput in MB/s of function-body bytes, the machine code size (JIT)\n"
    "  and the process's peak resident memory.\n";

struct CompileCommandLine {
  std::vector<std::string> files;
  unsigned repeat = 5;
  ExecutionOptions execution;
};

bool usageError(const std::string& what) {
  std::fprintf(stderr, "ember compile: %s\n%s", what.c_str(), kUsage);
  return false;
}

bool parseCommandLine(std::span<const std::string_view> args, CompileCommandLine& out) {
  out.execution.engine = defaultEngineChoice();
  for (size_t i = 0; i < args.size(); ++i) {
    std::string_view a = args[i];
    if (a == "--engine" || a == "--bounds" || a == "--repeat") {
      if (i + 1 >= args.size()) return usageError(std::string(a) + " needs a value");
      std::string_view v = args[++i];
      if (a == "--repeat") {
        auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), out.repeat);
        if (ec != std::errc() || end != v.data() + v.size() || out.repeat == 0)
          return usageError("--repeat takes a positive count");
      } else if (a == "--bounds") {
        if (v != "signals" && v != "checks") return usageError("--bounds takes signals or checks");
        out.execution.boundsChecks = v == "checks";
      } else {
        auto e = parseEngineChoice(v);
        if (!e || *e == EngineChoice::None) return usageError("--engine takes interp or jit");
        out.execution.engine = *e;
      }
    } else if (a.starts_with("--")) {
      return usageError("unknown option '" + std::string(a) + "'");
    } else {
      out.files.emplace_back(a);
    }
  }
  if (out.files.empty()) return usageError("no module file given");
  return true;
}

#if EMBER_HAVE_RUNTIME
uint64_t functionBodyBytes(const Module& module) {
  uint64_t n = 0;
  for (const FunctionBody& body : module.bodies) n += body.end - body.offset;
  return n;
}

size_t machineCodeBytes([[maybe_unused]] const CompiledModule& compiled) {
#if EMBER_HAVE_JIT
  if (const JitCode* code = compiled.jitCode()) return code->codeSize();
#endif
  return 0;
}

// CPU time of this thread: on a shared machine, time other processes take
// from us does not count, so the figure compares across runs and peers
// measured the same way (process.cpuUsage() in node).
double threadCpuSeconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

long peakResidentKiB() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

// Compiles one file `repeat` times; prints one line. False when it fails.
bool compileFile(const std::string& file, const CompileCommandLine& cl) {
  auto bytes = readFileBytes(file);
  if (!bytes) {
    std::fprintf(stderr, "%s: %s\n", file.c_str(), bytes.error().message().c_str());
    return false;
  }
  Engine engine(makeConfig(cl.execution));
  std::vector<double> seconds;
  uint64_t bodyBytes = 0;
  size_t codeBytes = 0;
  for (unsigned i = 0; i < cl.repeat; ++i) {
    double start = threadCpuSeconds();
    auto compiled = compileModule(engine, *bytes);
    double stop = threadCpuSeconds();
    if (!compiled) {
      std::fprintf(stderr, "%s: %s: %s\n", file.c_str(), errorKindName(compiled.error().kind()),
                   compiled.error().message().c_str());
      return false;
    }
    seconds.push_back(stop - start);
    bodyBytes = functionBodyBytes((*compiled)->module());
    codeBytes = machineCodeBytes(**compiled);
  }
  std::sort(seconds.begin(), seconds.end());
  double best = seconds.front(), median = seconds[seconds.size() / 2];
  std::printf("%s: %llu body bytes; best %.2f ms, median %.2f ms; %.1f MB/s", file.c_str(),
              static_cast<unsigned long long>(bodyBytes), best * 1e3, median * 1e3,
              static_cast<double>(bodyBytes) / 1e6 / median);
  if (codeBytes)
    std::printf("; %zu bytes of machine code (%.2f per body byte)", codeBytes,
                static_cast<double>(codeBytes) / static_cast<double>(bodyBytes));
  std::printf("; peak RSS %ld KiB\n", peakResidentKiB());
  return true;
}

int compileAll(const CompileCommandLine& cl) {
  bool ok = true;
  for (const std::string& file : cl.files) ok = compileFile(file, cl) && ok;
  return ok ? 0 : 1;
}
#else
int compileAll(const CompileCommandLine&) {
  std::fprintf(stderr, "ember compile: this build has no runtime\n");
  return 2;
}
#endif

}  // namespace

int runCompileCommand(std::span<const std::string_view> args) {
  CompileCommandLine cl;
  if (!parseCommandLine(args, cl)) return 2;
  return compileAll(cl);
}

}  // namespace ember::tools
