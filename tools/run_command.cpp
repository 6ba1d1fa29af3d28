#include "tools/run_command.h"

#include <cstdio>
#include <string>
#include <vector>

#include "tools/cli_values.h"
#include "tools/engine_choice.h"
#include "tools/file_bytes.h"

#if EMBER_HAVE_RUNTIME
#include "tools/bench_imports.h"
#include "tools/runtime_api.h"
#endif
#if EMBER_HAVE_WASI
#include "runtime/wasi/wasi.h"
#endif

namespace ember::tools {

namespace {

constexpr const char* kUsage =
    "usage: ember run [OPTIONS] FILE.wasm [ARGS...]\n"
    "  Runs a WASI command (its `_start`, with ARGS as its arguments), or with\n"
    "  --invoke calls one export with ARGS parsed by its parameter types and\n"
    "  prints the results.\n"
    "options:\n"
    "  --invoke NAME            call export NAME instead of `_start`\n"
    "  --dir HOST[::GUEST]      preopen HOST as GUEST (default: the same path)\n"
    "  --env NAME=VALUE         set an environment variable for the guest\n"
    "  --engine interp|jit      execution engine\n"
    "  --bounds signals|checks  guard pages with signals, or explicit checks\n"
    "  --bench-time             time bench.start..bench.end; print seconds to stderr\n"
    "exit status: the guest's exit code; 1 when loading or linking fails;\n"
    "134 when the guest traps (as an abort would); 2 on a usage error\n";

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
  bool benchTime = false;
  ExecutionOptions execution;
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
  } else if (name == "--bounds") {
    if (value != "signals" && value != "checks") return usageError("--bounds takes signals or checks");
    out.execution.boundsChecks = value == "checks";
  } else {  // --engine
    auto e = parseEngineChoice(value);
    if (!e || *e == EngineChoice::None) return usageError("--engine takes interp or jit");
    out.execution.engine = *e;
  }
  return true;
}

bool takesValue(std::string_view a) {
  return a == "--engine" || a == "--bounds" || a == "--invoke" || a == "--dir" || a == "--env";
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
    if (optionsOpen && takesValue(a)) {
      if (i + 1 >= args.size()) return usageError(std::string(a) + " needs a value");
      if (!applyOption(a, args[++i], out)) return false;
    } else if (optionsOpen && a == "--bench-time") {
      out.benchTime = true;
    } else if (out.file.empty()) {
      if (a.starts_with("--")) return usageError("unknown option '" + std::string(a) + "'");
      out.file = std::string(a);
    } else {
      out.args.emplace_back(a);
    }
  }
  if (out.file.empty()) return usageError("no module file given");
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
    std::fprintf(stderr, "%.*s\n", static_cast<int>(eol - pos), context.data() + pos);
    pos = eol + 1, ++lines;
  }
  if (pos >= context.size()) return;
  size_t rest = 0;
  for (size_t i = pos; i < context.size(); ++i) rest += context[i] == '\n';
  if (context.back() != '\n') ++rest;
  std::fprintf(stderr, "  ... %zu more lines\n", rest);
}

int fail(const Error& e) {
  std::fprintf(stderr, "%s: %s\n", errorKindName(e.kind()), e.message().c_str());
  if (!e.context().empty()) printContext(e.context());
  return e.kind() == ErrorKind::Trap ? kExitTrap : kExitLoadError;
}

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
                      formatMessage("'%s' takes %zu arguments, %zu given: ", cl.function.c_str(),
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
  if (!called) return fail(called.error());
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
  return WasiContext::create(config);
}
#endif

int run(const RunCommandLine& cl) {
  auto bytes = readFileBytes(cl.file);
  if (!bytes) return fail(bytes.error());
  Engine engine(makeConfig(cl.execution));
  auto compiled = compileModule(engine, *bytes);
  if (!compiled) return fail(compiled.error());
  Store store(engine);
  Linker linker;
  BenchImports bench;
  bench.define(linker, store, cl.benchTime);
#if EMBER_HAVE_WASI
  auto wasi = makeWasiContext(cl);
  if (!wasi) return fail(wasi.error());
  if (auto defined = defineWasi(linker, store, **wasi); !defined) return fail(defined.error());
#endif
  auto instance = linker.instantiate(store, *compiled);
  if (!instance) return fail(instance.error());

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
      else status = fail(called.error());
    }
#else
    if (!called) status = fail(called.error());
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
