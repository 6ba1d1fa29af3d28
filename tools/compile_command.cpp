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
    "usage: ember compile [--bounds signals|checks] [--fuel] [--epoch] [--cpu-features host|sse4.1]\n"
    "                     FILE.wasm -o FILE.ember\n"
    "       ember compile [--engine interp|jit] [--bounds signals|checks] [--fuel] [--epoch]\n"
    "                     [--repeat N] FILE.wasm...\n"
    "  --compile-threads N: the JIT compiles on N threads (default: one per processor);\n"
    "  the code is the same bytes for every N. --compile-part-bytes N: body bytes per\n"
    "  part one thread compiles (default 32768; 1 splits every function off).\n"
    "  With -o: compiles with the JIT and writes a precompiled artifact that `ember run`\n"
    "  loads without compiling (also on a runtime-only build). --fuel and --epoch\n"
    "  compile in the checks `ember run --fuel` and `--timeout` need; --cpu-features\n"
    "  sse4.1 makes x86-64 code that assumes only SSE4.1 (the artifact records it).\n"
    "  Without -o: compiles each module N times (default 5) and prints the best and\n"
    "  median CPU time (all threads), the throughput in MB/s of function-body bytes,\n"
    "  the median elapsed time, the machine code size (JIT) and the process's peak\n"
    "  resident memory.\n"
    "  --artifact-timing: instead, N times each: compile+instantiate the .wasm, and\n"
    "  load+instantiate its artifact (JIT; imported functions are stubs); prints both\n"
    "  medians, their ratio and the artifact's size per byte of wasm.\n";

struct CompileCommandLine {
  std::vector<std::string> files;
  std::string output;  // -o: write an artifact
  unsigned repeat = 5;
  bool engineGiven = false;
  bool fuel = false;
  bool epochs = false;
  bool artifactTiming = false;
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
    if (a == "--fuel") {
      out.fuel = true;
    } else if (a == "--epoch") {
      out.epochs = true;
    } else if (a == "--artifact-timing") {
      out.artifactTiming = true;
    } else if (a == "--engine" || a == "--bounds" || a == "--cpu-features" || a == "--repeat" ||
               a == "-o" || a == "--compile-threads" || a == "--compile-part-bytes") {
      if (i + 1 >= args.size()) return usageError(std::string(a) + " needs a value");
      std::string_view v = args[++i];
      if (a == "-o") {
        out.output = std::string(v);
      } else if (a == "--compile-threads") {
        auto n = parseThreadCount(v);
        if (!n) return usageError(kThreadCountError);
        out.execution.compileThreads = *n;
      } else if (a == "--compile-part-bytes") {
        auto n = parsePartBytes(v);
        if (!n) return usageError(kPartBytesError);
        out.execution.compilePartBytes = *n;
      } else if (a == "--repeat") {
        auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), out.repeat);
        if (ec != std::errc() || end != v.data() + v.size() || out.repeat == 0)
          return usageError("--repeat takes a positive count");
      } else if (a == "--bounds") {
        if (v != "signals" && v != "checks") return usageError("--bounds takes signals or checks");
        out.execution.boundsChecks = v == "checks";
      } else if (a == "--cpu-features") {
        auto baseline = parseCpuFeatures(v);
        if (!baseline) return usageError("--cpu-features takes host or sse4.1");
        out.execution.baselineCpuFeatures = *baseline;
      } else {
        auto e = parseEngineChoice(v);
        if (!e || *e == EngineChoice::None) return usageError("--engine takes interp or jit");
        out.execution.engine = *e;
        out.engineGiven = true;
      }
    } else if (a.starts_with("-")) {
      return usageError("unknown option '" + std::string(a) + "'");
    } else {
      out.files.emplace_back(a);
    }
  }
  if (out.files.empty()) return usageError("no module file given");
  if (!out.output.empty()) {
    if (out.files.size() != 1) return usageError("-o takes one module file");
    if (out.engineGiven && out.execution.engine != EngineChoice::Jit)
      return usageError("artifacts hold JIT code: -o needs --engine jit (the default with -o)");
    out.execution.engine = EngineChoice::Jit;
  }
  if (out.artifactTiming) {
    if (out.engineGiven && out.execution.engine != EngineChoice::Jit)
      return usageError("--artifact-timing needs the JIT");
    out.execution.engine = EngineChoice::Jit;
  }
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

// CPU time of the process (every compile thread): on a shared machine, time
// other processes take from us does not count, so the figure compares
// across runs and peers measured the same way (process.cpuUsage() in node).
// With one compile thread it is that thread's time.
double cpuSeconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

// Elapsed time: what parallel compilation shortens.
double wallSeconds() {
  timespec t{};
  clock_gettime(CLOCK_MONOTONIC, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

long peakResidentKiB() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

Config configFor(const CompileCommandLine& cl) {
  Config config = makeConfig(cl.execution);
  config.consumeFuel = cl.fuel;
  config.epochInterruption = cl.epochs;
  return config;
}

#if EMBER_HAVE_JIT_COMPILER
// -o: compiles once and writes the artifact; prints its make-up.
int writeArtifactFile(const CompileCommandLine& cl) {
  const std::string& file = cl.files.front();
  auto bytes = readFileBytes(file);
  if (!bytes) {
    std::fprintf(stderr, "%s: %s\n", file.c_str(), bytes.error().message().c_str());
    return 1;
  }
  Engine engine(configFor(cl));
  auto compiled = compileModule(engine, *bytes);
  if (!compiled) {
    std::fprintf(stderr, "%s: %s: %s\n", file.c_str(), errorKindName(compiled.error().kind()),
                 compiled.error().message().c_str());
    return 1;
  }
  auto artifact = serializeModule(**compiled);
  if (!artifact) {
    std::fprintf(stderr, "%s: %s\n", file.c_str(), artifact.error().message().c_str());
    return 1;
  }
  if (!writeFileBytes(cl.output, *artifact)) {
    std::fprintf(stderr, "ember compile: cannot write %s\n", cl.output.c_str());
    return 1;
  }
  std::printf("%s: %zu bytes (%.2f per wasm byte; %zu bytes of machine code)\n",
              cl.output.c_str(), artifact->size(),
              static_cast<double>(artifact->size()) / static_cast<double>(bytes->size()),
              machineCodeBytes(**compiled));
  return 0;
}
#else
int writeArtifactFile(const CompileCommandLine&) {
  std::fprintf(stderr, "ember compile: this build has no JIT, so it cannot write artifacts\n");
  return 2;
}
#endif

#if EMBER_HAVE_JIT_COMPILER
// A linker whose every function import is a stub that traps: enough to
// instantiate (nothing is called). Errors for other import kinds.
Result<Linker> stubImports(Store& store, const Module& module) {
  Linker linker;
  for (const Import& import : module.imports) {
    if (import.kind != ExternKind::Func)
      return Error(ErrorKind::Unsupported, "--artifact-timing stubs function imports only");
    Function* f = store.createHostFunction(
        module.types[import.funcTypeIndex],
        [](std::span<const Value>, std::span<Value>) -> Result<void> {
          return makeTrapError(TrapCode::HostError);
        });
    linker.define(import.module, import.name, Extern::of(f));
  }
  return linker;
}

struct InstantiateSeconds {
  double module = 0;  // compiling, or loading the artifact
  double total = 0;   // and instantiating
};

// One fresh store each time: what a host pays to get a runnable instance.
Result<InstantiateSeconds> secondsToInstantiate(Engine& engine, std::span<const uint8_t> bytes,
                                                bool artifact) {
  double start = cpuSeconds();
  auto compiled = artifact ? loadArtifact(engine, bytes) : compileModule(engine, bytes);
  if (!compiled) return compiled.takeError();
  double made = cpuSeconds();
  Store store(engine);
  auto linker = stubImports(store, (*compiled)->module());
  if (!linker) return linker.takeError();
  auto instance = linker->instantiate(store, *compiled);
  if (!instance) return instance.takeError();
  return InstantiateSeconds{made - start, cpuSeconds() - start};
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

// --artifact-timing: compile+instantiate vs load+instantiate, paired in
// one process so the ratio holds on a shared machine.
bool timeArtifact(const std::string& file, const CompileCommandLine& cl) {
  auto bytes = readFileBytes(file);
  Engine engine(configFor(cl));
  Result<std::shared_ptr<const CompiledModule>> compiled =
      bytes ? compileModule(engine, *bytes)
            : Result<std::shared_ptr<const CompiledModule>>(bytes.takeError());
  auto artifact = compiled ? serializeModule(**compiled)
                           : Result<std::vector<uint8_t>>(compiled.takeError());
  if (!artifact) {
    std::fprintf(stderr, "%s: %s\n", file.c_str(), artifact.error().message().c_str());
    return false;
  }
  compiled = Error(ErrorKind::Io, "released");  // free the code before timing
  std::vector<double> direct, loaded, compileOnly, loadOnly;
  for (unsigned i = 0; i < cl.repeat; ++i) {
    auto d = secondsToInstantiate(engine, *bytes, false);
    auto l = secondsToInstantiate(engine, *artifact, true);
    if (!d || !l) {
      std::fprintf(stderr, "%s: %s\n", file.c_str(), (!d ? d : l).error().message().c_str());
      return false;
    }
    direct.push_back(d->total);
    loaded.push_back(l->total);
    compileOnly.push_back(d->module);
    loadOnly.push_back(l->module);
  }
  double dm = median(direct), lm = median(loaded);
  std::printf("%s: compile+instantiate %.3f ms, load artifact+instantiate %.3f ms (%.1fx faster, "
              "%.4f of the time; compile alone %.3f ms, load alone %.3f ms); artifact %zu bytes "
              "for %zu of wasm (%.2f per wasm byte)\n",
              file.c_str(), dm * 1e3, lm * 1e3, dm / lm, lm / dm, median(compileOnly) * 1e3,
              median(loadOnly) * 1e3, artifact->size(), bytes->size(),
              static_cast<double>(artifact->size()) / static_cast<double>(bytes->size()));
  return true;
}
#endif

// Compiles one file `repeat` times; prints one line. False when it fails.
bool compileFile(const std::string& file, const CompileCommandLine& cl) {
  auto bytes = readFileBytes(file);
  if (!bytes) {
    std::fprintf(stderr, "%s: %s\n", file.c_str(), bytes.error().message().c_str());
    return false;
  }
  Engine engine(configFor(cl));
  std::vector<double> seconds, wall;
  uint64_t bodyBytes = 0;
  size_t codeBytes = 0;
  for (unsigned i = 0; i < cl.repeat; ++i) {
    double startWall = wallSeconds();
    double start = cpuSeconds();
    auto compiled = compileModule(engine, *bytes);
    double stop = cpuSeconds();
    wall.push_back(wallSeconds() - startWall);
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
  std::sort(wall.begin(), wall.end());
  double best = seconds.front(), median = seconds[seconds.size() / 2];
  std::printf("%s: %llu body bytes; best %.2f ms, median %.2f ms; %.1f MB/s; elapsed %.2f ms (median)",
              file.c_str(), static_cast<unsigned long long>(bodyBytes), best * 1e3, median * 1e3,
              static_cast<double>(bodyBytes) / 1e6 / median, wall[wall.size() / 2] * 1e3);
  if (codeBytes)
    std::printf("; %zu bytes of machine code (%.2f per body byte)", codeBytes,
                static_cast<double>(codeBytes) / static_cast<double>(bodyBytes));
  std::printf("; peak RSS %ld KiB\n", peakResidentKiB());
  return true;
}

int compileAll(const CompileCommandLine& cl) {
  if (!cl.output.empty()) return writeArtifactFile(cl);
  bool ok = true;
#if EMBER_HAVE_JIT_COMPILER
  if (cl.artifactTiming) {
    for (const std::string& file : cl.files) ok = timeArtifact(file, cl) && ok;
    return ok ? 0 : 1;
  }
#endif
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
