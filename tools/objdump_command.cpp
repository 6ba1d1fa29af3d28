#include "tools/objdump_command.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "tools/engine_choice.h"
#include "tools/file_bytes.h"

#if EMBER_HAVE_OBJDUMP
#include "jit/disasm.h"
#include "runtime/artifact/artifact_reader.h"
#include "runtime/jit/engine.h"
#include "tools/runtime_api.h"
#endif

namespace ember::tools {

namespace {

constexpr const char* kUsage =
    "usage: ember objdump [OPTIONS] FILE.wasm|FILE.ember\n"
    "  Compiles the module with the JIT (or loads the precompiled artifact) and\n"
    "  disassembles the x86-64 code of each defined function (Intel syntax; offsets\n"
    "  from the start of the module's code). Jump tables and constant pools inside\n"
    "  the code print as .quad and .byte data.\n"
    "options:\n"
    "  --func NAME|INDEX        only this function: export name, name-section name,\n"
    "                           or function index\n"
    "  --bytes                  show each instruction's encoding\n"
    "  --bounds signals|checks  the code for guard pages, or for explicit bounds checks\n";

constexpr int kExitLoadError = 1;
constexpr int kExitUsage = 2;

struct ObjdumpCommandLine {
  std::string file;
  std::optional<std::string> function;
  bool showBytes = false;
  bool boundsChecks = false;
  bool boundsGiven = false;
};

bool usageError(const std::string& what) {
  std::fprintf(stderr, "ember objdump: %s\n%s", what.c_str(), kUsage);
  return false;
}

bool parseCommandLine(std::span<const std::string_view> args, ObjdumpCommandLine& out) {
  for (size_t i = 0; i < args.size(); ++i) {
    std::string_view a = args[i];
    if (a == "--func" || a == "--bounds") {
      if (i + 1 >= args.size()) return usageError(std::string(a) + " needs a value");
      std::string_view v = args[++i];
      if (a == "--func") {
        out.function = std::string(v);
      } else {
        if (v != "signals" && v != "checks") return usageError("--bounds takes signals or checks");
        out.boundsChecks = v == "checks";
        out.boundsGiven = true;
      }
    } else if (a == "--bytes") {
      out.showBytes = true;
    } else if (a.starts_with("--")) {
      return usageError("unknown option '" + std::string(a) + "'");
    } else if (!out.file.empty()) {
      return usageError("one module file at a time");
    } else {
      out.file = std::string(a);
    }
  }
  if (out.file.empty()) return usageError("no module file given");
  return true;
}

#if EMBER_HAVE_OBJDUMP

// The name shown in a function's header: the name section's, else the
// first export's, else none.
std::string displayName(const CompiledModule& compiled, uint32_t funcIndex) {
  std::string_view name = compiled.functionName(funcIndex);
  if (!name.empty()) return std::string(name);
  for (const Export& e : compiled.module().exports)
    if (e.kind == ExternKind::Func && e.index == funcIndex) return e.name;
  return {};
}

// The function `spec` names: an index, an export name or a name-section name.
std::optional<uint32_t> resolveFunction(const CompiledModule& compiled, const std::string& spec) {
  const Module& module = compiled.module();
  uint32_t index = 0;
  auto [end, ec] = std::from_chars(spec.data(), spec.data() + spec.size(), index);
  if (ec == std::errc() && end == spec.data() + spec.size()) {
    if (index < module.funcTypeIndices.size()) return index;
    return std::nullopt;
  }
  for (const Export& e : module.exports)
    if (e.kind == ExternKind::Func && e.name == spec) return e.index;
  for (const auto& [funcIndex, name] : module.names.functionNames)
    if (name == spec) return funcIndex;
  return std::nullopt;
}

void printFunction(const CompiledModule& compiled, const JitCode& code, const FunctionRange& f,
                   bool showBytes) {
  const Module& module = compiled.module();
  const FunctionBody& body = module.bodies[f.funcIndex - module.importedFuncCount];
  std::string name = displayName(compiled, f.funcIndex);
  if (compiled.loadedFromArtifact())  // an artifact keeps no function bodies
    std::printf("func[%u] <%s>: code %u bytes\n", f.funcIndex, name.c_str(), f.end - f.begin);
  else
    std::printf("func[%u] <%s>: wasm body %u bytes, code %u bytes\n", f.funcIndex, name.c_str(),
                body.end - body.offset, f.end - f.begin);
  // The function's jump tables and constant pools (sorted, so they are
  // one run of the module's).
  std::vector<DisasmDataRange> data;
  const std::span<const CodeDataRange> ranges = code.dataRanges();
  auto first = std::lower_bound(ranges.begin(), ranges.end(), f.begin,
                                [](const CodeDataRange& d, uint32_t at) { return d.end <= at; });
  for (auto it = first; it != ranges.end() && it->begin < f.end; ++it)
    data.push_back({it->begin, it->end});
  DisasmOptions options;
  options.baseAddress = f.begin;
  options.showBytes = showBytes;
  options.data = data;
  std::fputs(disassemble(code.code().subspan(f.begin, f.end - f.begin), options).c_str(), stdout);
}

int objdump(const ObjdumpCommandLine& cl) {
  auto bytes = readFileBytes(cl.file);
  if (!bytes) {
    std::fprintf(stderr, "ember objdump: %s\n", bytes.error().message().c_str());
    return kExitLoadError;
  }
  ExecutionOptions execution;
  execution.engine = EngineChoice::Jit;
  execution.boundsChecks = cl.boundsChecks;
  Config config = makeConfig(execution);
  bool artifact = looksLikeArtifact(*bytes);
  if (artifact) {  // the code is what it is: its settings, not the options'
    auto header = readArtifactHeader(*bytes);
    if (header) config = configForArtifact(*header);
    if (header && cl.boundsGiven && (config.bounds == BoundsMode::Checks) != cl.boundsChecks) {
      std::fprintf(stderr, "ember objdump: the artifact was compiled for --bounds %s\n",
                   config.bounds == BoundsMode::Checks ? "checks" : "signals");
      return kExitUsage;
    }
  }
  Engine engine(config);
  auto compiled = artifact ? loadArtifact(engine, *bytes) : compileModule(engine, *bytes);
  if (!compiled) {
    std::fprintf(stderr, "ember objdump: %s: %s: %s\n", cl.file.c_str(),
                 errorKindName(compiled.error().kind()), compiled.error().message().c_str());
    return kExitLoadError;
  }
  const JitCode* code = (*compiled)->jitCode();
  if (!code) {
    std::fprintf(stderr, "ember objdump: the engine produced no machine code\n");
    return kExitLoadError;
  }
  std::optional<uint32_t> only;
  if (cl.function) {
    only = resolveFunction(**compiled, *cl.function);
    if (!only) {
      std::fprintf(stderr, "ember objdump: no function '%s' in %s\n", cl.function->c_str(),
                   cl.file.c_str());
      return kExitUsage;
    }
    if (*only < (*compiled)->module().importedFuncCount) {
      std::fprintf(stderr, "ember objdump: function %u is imported; it has no code here\n", *only);
      return kExitUsage;
    }
  }
  bool first = true;
  for (const FunctionRange& f : code->functionRanges()) {
    if (only && f.funcIndex != *only) continue;
    if (!first) std::putchar('\n');
    first = false;
    printFunction(**compiled, *code, f, cl.showBytes);
  }
  return 0;
}

#else

int objdump(const ObjdumpCommandLine&) {
  std::fprintf(stderr, "ember objdump: %s\n", EMBER_OBJDUMP_UNAVAILABLE);
  return kExitUsage;
}

#endif

}  // namespace

int runObjdumpCommand(std::span<const std::string_view> args) {
  ObjdumpCommandLine cl;
  if (!parseCommandLine(args, cl)) return kExitUsage;
  return objdump(cl);
}

}  // namespace ember::tools
