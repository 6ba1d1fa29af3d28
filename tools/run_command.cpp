#include "tools/run_command.h"

#include <cstdio>
#include <string>
#include <vector>

#include "tools/cli_values.h"
#include "tools/engine_choice.h"
#include "tools/file_bytes.h"

#if EMBER_HAVE_RUNTIME
#include "tools/runtime_api.h"
#endif

namespace ember::tools {

namespace {

constexpr const char* kUsage =
    "usage: ember run FILE.wasm --invoke NAME [ARGS...] [--engine interp|jit] "
    "[--bounds signals|checks]\n";

struct RunCommandLine {
  std::string file;
  std::string function;
  bool haveFunction = false;
  std::vector<std::string> args;
  ExecutionOptions execution;
};

bool usageError(const std::string& what) {
  std::fprintf(stderr, "ember run: %s\n%s", what.c_str(), kUsage);
  return false;
}

// Everything after --invoke NAME is an argument, except the two options:
// arguments may start with '-' (negative numbers).
bool parseCommandLine(std::span<const std::string_view> args, RunCommandLine& out) {
  out.execution.engine = defaultEngineChoice();
  for (size_t i = 0; i < args.size(); ++i) {
    std::string_view a = args[i];
    bool hasValue = i + 1 < args.size();
    if (a == "--engine" || a == "--bounds" || a == "--invoke") {
      if (!hasValue) return usageError(std::string(a) + " needs a value");
      std::string_view v = args[++i];
      if (a == "--invoke") {
        out.function = std::string(v);
        out.haveFunction = true;
      } else if (a == "--bounds") {
        if (v != "signals" && v != "checks") return usageError("--bounds takes signals or checks");
        out.execution.boundsChecks = v == "checks";
      } else {
        auto e = parseEngineChoice(v);
        if (!e || *e == EngineChoice::None) return usageError("--engine takes interp or jit");
        out.execution.engine = *e;
      }
    } else if (out.file.empty() && !out.haveFunction) {
      out.file = std::string(a);
    } else if (out.haveFunction) {
      out.args.emplace_back(a);
    } else {
      return usageError("unexpected '" + std::string(a) + "' before --invoke");
    }
  }
  if (out.file.empty()) return usageError("no module file given");
  if (!out.haveFunction) return usageError("--invoke NAME is required");
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
  return 1;
}

int invoke(const RunCommandLine& cl) {
  auto bytes = readFileBytes(cl.file);
  if (!bytes) return fail(bytes.error());
  Engine engine(makeConfig(cl.execution));
  auto compiled = compileModule(engine, *bytes);
  if (!compiled) return fail(compiled.error());
  Store store(engine);
  Linker linker;  // nothing defined: a module with imports is unlinkable
  auto instance = linker.instantiate(store, *compiled);
  if (!instance) return fail(instance.error());
  Extern ext = (*instance)->exportByName(cl.function);
  if (!ext.object || ext.kind != ExternKind::Func)
    return fail(Error(ErrorKind::Unlinkable, "no exported function named '" + cl.function + "'"));
  auto* func = static_cast<Function*>(ext.object);
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
#else
int invoke(const RunCommandLine&) {
  std::fprintf(
      stderr,
      "ember run: this build has no runtime (only `ember validate` and `ember spec` work)\n");
  return 2;
}
#endif

}  // namespace

int runRunCommand(std::span<const std::string_view> args) {
  RunCommandLine cl;
  if (!parseCommandLine(args, cl)) return 2;
  return invoke(cl);
}

}  // namespace ember::tools
