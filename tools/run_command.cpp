#include "tools/run_command.h"

#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "runtime/config.h"
#include "tools/cli_values.h"
#include "tools/engine_choice.h"
#include "tools/file_bytes.h"

#if EMBER_HAVE_RUNTIME
#include "tools/bench_imports.h"
#include "tools/runtime_api.h"
#if EMBER_HAVE_ARTIFACTS
#include "runtime/artifact/artifact_reader.h"
#endif
#endif
#if EMBER_HAVE_WASI
#include "runtime/wasi/wasi.h"
#endif

namespace ember::tools {

namespace {

constexpr const char* kUsage =
    "usage: ember run [OPTIONS] FILE.wasm|FILE.ember [ARGS...]\n"
    "  A precompiled artifact (ember compile -o) runs with the engine, bounds mode,\n"
    "  fuel and epoch settings it was compiled with; a contradicting option is an error.\n"
    "  Runs a WASI command (its `_start`, with ARGS as its arguments), or with\n"
    "  --invoke calls one export with ARGS parsed by its parameter types and\n"
    "  prints the results.\n"
    "options:\n"
    "  --invoke NAME            call export NAME instead of `_start`\n"
    "  --dir HOST[::GUEST]      preopen HOST as GUEST (default: the same path)\n"
    "  --env NAME=VALUE         set an environment variable for the guest\n"
    "  --max-open-fds N         at most N guest descriptors open at once, stdio\n"
    "                           and preopens included (default 1024)\n"
    "  --engine interp|jit      execution engine\n"
    "  --bounds signals|checks  guard pages with signals, or explicit checks\n"
    "  --compile-threads N      JIT compile threads (default: one per processor)\n"
    "  --large-pages on|off     back linear memories with large pages (default off)\n"
    "  --cpu-features host|sse4.1  x86-64 JIT code uses what this CPU has (host,\n"
    "                           the default) or only SSE4.1\n"
    "  --bench-time             time bench.start..bench.end; print seconds to stderr\n"
    "  --fuel N                 trap \"out of fuel\" after N units (a unit is one\n"
    "                           function entry or loop iteration)\n"
    "  --timeout DURATION       interrupt the guest after DURATION (e.g. 10ms, 2s,\n"
    "                           1.5s, 500us; units ns, us, ms, s, m, h)\n"
    "  --profile perfmap|jitdump  name JIT code for Linux perf: /tmp/perf-PID.map,\n"
    "                           or ./jit-PID.dump for `perf record -k mono` and\n"
    "                           `perf inject --jit` (JIT engine)\n"
    "  --debug-info             register JIT code with GDB's JIT interface, so\n"
    "                           debuggers name wasm frames (JIT engine)\n"
    "  an option's value may also follow '=' (--profile=perfmap)\n"
    "exit status: the guest's exit code; 1 when loading or linking fails;\n"
    "134 when the guest traps (as an abort would), runs out of fuel or is\n"
    "interrupted by --timeout; 2 on a usage error\n";

constexpr int kExitLoadError = 1;
constexpr int kExitUsage = 2;
constexpr int kExitTrap = 134;

struct Preopen {
  std::string hostPath;
  std::string guestPath;
};

struct RunCommandLine {
  std::string file;
  std::string function;  // empty: run the WASI command's _start
  std::vector<std::string> args;
  std::vector<Preopen> dirs;
  std::vector<std::string> env;
  std::optional<uint64_t> maxOpenFds;
  bool benchTime = false;
  ExecutionOptions execution;
  bool engineGiven = false;  // for artifacts: options may only confirm what they record
  bool boundsGiven = false;
  std::optional<uint64_t> fuel;
  std::optional<std::chrono::nanoseconds> timeout;
  std::string timeoutText;  // as given, for the message
  Profiler profiler = Profiler::None;
  bool debugInfo = false;
};

bool usageError(const std::string& what) {
  std::fprintf(stderr, "ember run: %s\n%s", what.c_str(), kUsage);
  return false;
}

Preopen parsePreopen(std::string_view spec) {
  size_t sep = spec.find("::");
  if (sep == std::string_view::npos) return {std::string(spec), std::string(spec)};
  return {std::string(spec.substr(0, sep)), std::string(spec.substr(sep + 2))};
}

// "10ms", "1.5s", "500us": a non-negative decimal number and a unit.
std::optional<std::chrono::nanoseconds> parseDuration(std::string_view text) {
  std::string s(text);
  char* end = nullptr;
  double value = std::strtod(s.c_str(), &end);
  if (end == s.c_str() || !(value >= 0)) return std::nullopt;
  std::string_view unit(end);
  double scale = 0;
  if (unit == "ns") scale = 1;
  else if (unit == "us") scale = 1e3;
  else if (unit == "ms") scale = 1e6;
  else if (unit == "s") scale = 1e9;
  else if (unit == "m") scale = 60e9;
  else if (unit == "h") scale = 3600e9;
  if (scale == 0 || value * scale > 1e18) return std::nullopt;
  return std::chrono::nanoseconds(static_cast<int64_t>(value * scale));
}

// Decimal digits only, at most 2^64-1: strtoull would accept a sign or
// leading space and saturate (ERANGE) on larger numbers.
std::optional<uint64_t> parseCount(std::string_view text) {
  std::string s(text);
  if (s.empty() || s[0] < '0' || s[0] > '9') return std::nullopt;
  char* end = nullptr;
  errno = 0;
  unsigned long long v = std::strtoull(s.c_str(), &end, 10);
  if (errno == ERANGE || *end != '\0') return std::nullopt;
  return v;
}

// Applies one option with a value; false (after a usage message) when the
// value is not acceptable.
bool applyOption(std::string_view name, std::string_view value, RunCommandLine& out) {
  if (name == "--invoke") {
    if (value.empty()) return usageError("--invoke needs a function name");
    out.function = std::string(value);
  } else if (name == "--dir") {
    out.dirs.push_back(parsePreopen(value));
  } else if (name == "--env") {
    if (value.find('=') == std::string_view::npos) return usageError("--env takes NAME=VALUE");
    out.env.emplace_back(value);
  } else if (name == "--max-open-fds") {
    out.maxOpenFds = parseCount(value);
    if (!out.maxOpenFds || *out.maxOpenFds > UINT32_MAX)
      return usageError("--max-open-fds takes an integer from 0 to 4294967295");
  } else if (name == "--fuel") {
    out.fuel = parseCount(value);
    if (!out.fuel) return usageError("--fuel takes an integer from 0 to 18446744073709551615");
  } else if (name == "--timeout") {
    out.timeout = parseDuration(value);
    if (!out.timeout) return usageError("--timeout takes a duration such as 10ms, 2s or 500us");
    out.timeoutText = std::string(value);
  } else if (name == "--profile") {
    if (value != "perfmap" && value != "jitdump")
      return usageError("--profile takes perfmap or jitdump");
    out.profiler = value == "perfmap" ? Profiler::PerfMap : Profiler::JitDump;
  } else if (name == "--cpu-features") {
    auto baseline = parseCpuFeatures(value);
    if (!baseline) return usageError("--cpu-features takes host or sse4.1");
    out.execution.baselineCpuFeatures = *baseline;
  } else if (name == "--bounds") {
    if (value != "signals" && value != "checks") return usageError("--bounds takes signals or checks");
    out.execution.boundsChecks = value == "checks";
    out.boundsGiven = true;
  } else if (name == "--compile-threads") {
    auto n = parseThreadCount(value);
    if (!n) return usageError(kThreadCountError);
    out.execution.compileThreads = *n;
  } else if (name == "--large-pages") {
    if (value != "on" && value != "off") return usageError("--large-pages takes on or off");
    out.execution.largePages = value == "on";
  } else {  // --engine
    auto e = parseEngineChoice(value);
    if (!e || *e == EngineChoice::None) return usageError("--engine takes interp or jit");
    out.execution.engine = *e;
    out.engineGiven = true;
  }
  return true;
}

bool takesValue(std::string_view a) {
  return a == "--engine" || a == "--bounds" || a == "--cpu-features" || a == "--invoke" ||
         a == "--dir" || a == "--env" || a == "--max-open-fds" || a == "--fuel" ||
         a == "--timeout" || a == "--profile" || a == "--compile-threads" || a == "--large-pages";
}

// Options are recognised up to the first argument after FILE; from there on
// everything is an argument (guest arguments and negative numbers may start
// with '-'). So both `ember run --invoke f m.wasm 1` and
// `ember run m.wasm --invoke f 1` work.
bool parseCommandLine(std::span<const std::string_view> args, RunCommandLine& out) {
  out.execution.engine = defaultEngineChoice();
  for (size_t i = 0; i < args.size(); ++i) {
    std::string_view a = args[i];
    bool optionsOpen = out.args.empty();
    size_t equals = a.find('=');
    if (optionsOpen && a.starts_with("--") && equals != std::string_view::npos &&
        takesValue(a.substr(0, equals))) {
      if (!applyOption(a.substr(0, equals), a.substr(equals + 1), out)) return false;
    } else if (optionsOpen && takesValue(a)) {
      if (i + 1 >= args.size()) return usageError(std::string(a) + " needs a value");
      if (!applyOption(a, args[++i], out)) return false;
    } else if (optionsOpen && a == "--bench-time") {
      out.benchTime = true;
    } else if (optionsOpen && a == "--debug-info") {
      out.debugInfo = true;
    } else if (out.file.empty()) {
      if (a.starts_with("--")) return usageError("unknown option '" + std::string(a) + "'");
      out.file = std::string(a);
    } else {
      out.args.emplace_back(a);
    }
  }
  if (out.file.empty()) return usageError("no module file given");
  if ((out.profiler != Profiler::None || out.debugInfo) &&
      out.execution.engine != EngineChoice::Jit)
    return usageError("--profile and --debug-info need the JIT engine (--engine jit)");
  return true;
}

#if EMBER_HAVE_RUNTIME
constexpr size_t kContextLinesShown = 20;

// The context (a trap's backtrace) can be as deep as the call stack limit;
// its innermost frames are the useful ones.
void printContext(const std::string& context) {
  size_t pos = 0, lines = 0;
  while (pos < context.size() && lines < kContextLinesShown) {
    size_t eol = context.find('\n', pos);
    if (eol == std::string::npos) eol = context.size();
    std::string line = printableText(std::string_view(context).substr(pos, eol - pos));
    std::fprintf(stderr, "%s\n", line.c_str());
    pos = eol + 1, ++lines;
  }
  if (pos >= context.size()) return;
  size_t rest = 0;
  for (size_t i = pos; i < context.size(); ++i) rest += context[i] == '\n';
  if (context.back() != '\n') ++rest;
  std::fprintf(stderr, "  ... %zu more lines\n", rest);
}

int fail(const Error& e) {
  // Messages may quote the module's names (imports, exports): escaped, so
  // that a module cannot write terminal control sequences to stderr.
  std::fprintf(stderr, "%s: %s\n", errorKindName(e.kind()), printableText(e.message()).c_str());
  if (!e.context().empty()) printContext(e.context());
  return e.kind() == ErrorKind::Trap ? kExitTrap : kExitLoadError;
}

// A trap from --timeout or --fuel says which limit ended the run, then the
// trap and its backtrace as any other (exit 134, as wasmtime does).
int failCall(const Error& e, const RunCommandLine& cl) {
  std::optional<TrapCode> code = trapCodeOf(e);
  if (code == TrapCode::Interrupted && cl.timeout)
    std::fprintf(stderr, "ember run: interrupted after %s (--timeout)\n", cl.timeoutText.c_str());
  else if (code == TrapCode::OutOfFuel && cl.fuel)
    std::fprintf(stderr, "ember run: all %llu units of fuel consumed (--fuel)\n",
                 static_cast<unsigned long long>(*cl.fuel));
  return fail(e);
}

// --timeout: a watcher thread sleeps until the deadline, then bumps the
// engine's epoch; the store's deadline is one tick, so the guest traps
// "interrupted" at its next function entry or loop header. Stopped (and
// joined) when the run ends first.
class TimeoutWatcher {
 public:
  TimeoutWatcher(Engine& engine, std::chrono::nanoseconds timeout)
      : thread_([this, &engine, timeout] {
          std::unique_lock lock(mutex_);
          if (!stop_.wait_for(lock, timeout, [this] { return done_; })) engine.incrementEpoch();
        }) {}
  ~TimeoutWatcher() {
    {
      std::lock_guard lock(mutex_);
      done_ = true;
    }
    stop_.notify_one();
    thread_.join();
  }

 private:
  std::mutex mutex_;
  std::condition_variable stop_;
  bool done_ = false;
  std::thread thread_;  // last: starts after the fields it uses
};

Result<Function*> findFunction(Instance& instance, const std::string& name) {
  Extern ext = instance.exportByName(name);
  if (!ext.object || ext.kind != ExternKind::Func)
    return Error(ErrorKind::Unlinkable, "no exported function named '" + name + "'");
  return static_cast<Function*>(ext.object);
}

// Calls `func` with the command-line arguments parsed by its parameter
// types and prints its results, one per line.
int invokeExport(Store& store, Function* func, const RunCommandLine& cl) {
  const FuncType& type = functionType(func);
  if (cl.args.size() != type.params.size())
    return fail(Error(ErrorKind::Invalid,
                      formatText("'%s' takes %zu arguments, %zu given: ", cl.function.c_str(),
                                    type.params.size(), cl.args.size()) +
                          type.toString()));
  std::vector<Value> args;
  for (size_t i = 0; i < cl.args.size(); ++i) {
    auto v = parseCliArgument(cl.args[i], type.params[i]);
    if (!v) return fail(v.error());
    args.push_back(toRuntimeValue(*v));
  }
  std::vector<Value> results(type.results.size());
  auto called = store.call(func, args, results);
  if (!called) return failCall(called.error(), cl);
  for (const Value& r : results) std::printf("%s\n", formatCliResult(toRawValue(r)).c_str());
  return 0;
}

#if EMBER_HAVE_WASI
Result<std::unique_ptr<WasiContext>> makeWasiContext(const RunCommandLine& cl) {
  WasiConfig config;
  config.args.push_back(cl.file);
  config.args.insert(config.args.end(), cl.args.begin(), cl.args.end());
  config.env = cl.env;
  for (const Preopen& p : cl.dirs) config.preopens.push_back({p.hostPath, p.guestPath});
  if (cl.maxOpenFds) config.maxOpenFds = static_cast<uint32_t>(*cl.maxOpenFds);
  return WasiContext::create(config);
}
#endif

#if EMBER_HAVE_ARTIFACTS
// The settings a precompiled artifact records, or a usage error when an
// option contradicts them (the code cannot change after compilation).
Result<Config> artifactConfig(std::span<const uint8_t> bytes, const RunCommandLine& cl) {
  auto header = readArtifactHeader(bytes);
  if (!header) return header.takeError();
  Config config = configForArtifact(*header);
  auto contradiction = [](std::string what) {
    return Error(ErrorKind::Unsupported, "the artifact was compiled " + what);
  };
  if (cl.engineGiven && cl.execution.engine != EngineChoice::Jit)
    return contradiction("for the JIT; --engine interp needs the .wasm file");
  bool checks = config.bounds == BoundsMode::Checks;
  if (cl.boundsGiven && cl.execution.boundsChecks != checks)
    return contradiction(std::string("for --bounds ") + (checks ? "checks" : "signals") +
                         ", not the --bounds given");
  if (cl.fuel && !config.consumeFuel)
    return contradiction("without fuel checks; compile it with `ember compile --fuel` for --fuel");
  if (!cl.fuel && config.consumeFuel)
    return contradiction("with fuel checks (ember compile --fuel); give --fuel N");
  if (cl.timeout && !config.epochInterruption)
    return contradiction("without epoch checks; compile it with `ember compile --epoch` for "
                         "--timeout");
  return config;
}
#endif

Result<std::shared_ptr<const CompiledModule>> loadModule(Engine& engine,
                                                         std::span<const uint8_t> bytes) {
#if EMBER_HAVE_ARTIFACTS
  if (looksLikeArtifact(bytes)) return loadArtifact(engine, bytes);
#endif
  return compileModule(engine, bytes);
}

int run(const RunCommandLine& cl) {
  auto bytes = readFileBytes(cl.file);
  if (!bytes) return fail(bytes.error());
  Config config = makeConfig(cl.execution);
  config.consumeFuel = cl.fuel.has_value();
  config.epochInterruption = cl.timeout.has_value();
#if EMBER_HAVE_ARTIFACTS
  if (looksLikeArtifact(*bytes)) {
    auto recorded = artifactConfig(*bytes, cl);
    if (!recorded) return fail(recorded.error());
    config = *recorded;
  }
#endif
  // After the artifact's settings: profiling changes no generated code.
  config.profiler = cl.profiler;
  config.debugInfo = cl.debugInfo;
  Engine engine(config);
  auto compiled = loadModule(engine, *bytes);
  if (!compiled) return fail(compiled.error());
  Store store(engine);
  if (cl.fuel) {
    if (auto set = store.setFuel(*cl.fuel); !set) return fail(set.error());
  }
  std::optional<TimeoutWatcher> watcher;
  if (cl.timeout) {
    store.setEpochDeadline(1);
    watcher.emplace(engine, *cl.timeout);  // from here: the start function counts too
  }
  Linker linker;
  BenchImports bench;
  bench.define(linker, store, cl.benchTime);
#if EMBER_HAVE_WASI
  auto wasi = makeWasiContext(cl);
  if (!wasi) return fail(wasi.error());
  if (auto defined = defineWasi(linker, store, **wasi); !defined) return fail(defined.error());
#endif
  auto instance = linker.instantiate(store, *compiled);
  if (!instance) return failCall(instance.error(), cl);

  auto func = findFunction(**instance, cl.function.empty() ? "_start" : cl.function);
  if (!func) return fail(func.error());
  int status = 0;
  if (!cl.function.empty()) {
    status = invokeExport(store, *func, cl);
  } else {
    auto called = store.call(*func, {}, {});
#if EMBER_HAVE_WASI
    if (!called) {
      if (auto code = wasiExitCode(**wasi, called.error())) status = static_cast<int>(*code);
      else status = failCall(called.error(), cl);
    }
#else
    if (!called) status = failCall(called.error(), cl);
#endif
  }
  std::fflush(stdout);
  if (cl.benchTime) {
    if (auto seconds = bench.elapsedSeconds()) std::fprintf(stderr, "bench: %.6f s\n", *seconds);
    else std::fprintf(stderr, "bench: the program did not call bench.start and bench.end\n");
  }
  return status;
}
#else
int run(const RunCommandLine&) {
  std::fprintf(
      stderr,
      "ember run: this build has no runtime (only `ember validate` and `ember spec` work)\n");
  return kExitUsage;
}
#endif

}  // namespace

int runRunCommand(std::span<const std::string_view> args) {
  RunCommandLine cl;
  if (!parseCommandLine(args, cl)) return kExitUsage;
  return run(cl);
}

}  // namespace ember::tools
