// The `ember` command-line tool: subcommand dispatch.
#include <cstdio>
#include <string_view>
#include <vector>

#include "tools/compile_command.h"
#include "tools/objdump_command.h"
#include "tools/run_command.h"
#include "tools/spec/spec_command.h"
#include "tools/validate_command.h"

namespace {

constexpr const char* kUsage =
    "usage: ember COMMAND [ARGS...]\n"
    "       ember FILE.wasm|.ember [ARGS...]   (short for `ember run`)\n"
    "       ember --version\n"
    "commands:\n"
    "  validate FILE.wasm...                decode and validate; print ok or the error\n"
    "  run [OPTIONS] FILE.wasm|.ember [ARGS]  run a WASI command, or --invoke one export\n"
    "  compile [OPTIONS] FILE.wasm...       compile and report time, throughput, code size;\n"
    "                                       with -o FILE.ember, write a precompiled artifact\n"
    "  spec [OPTIONS] PATH...               run wast2json spec scripts (see ember spec --help)\n"
    "  objdump [OPTIONS] FILE.wasm|.ember   disassemble the JIT's x86-64 code per function\n"
#if EMBER_HAVE_ARTIFACTS && !EMBER_HAVE_JIT_COMPILER && !EMBER_HAVE_INTERP
    "This is a runtime-only build (no JIT compiler, no interpreter): `ember run` runs\n"
    "precompiled artifacts only (FILE.ember, written by `ember compile -o` on a full build).\n"
#endif
    ;

// The version and what this build can do (DESIGN decision 9's options).
#if EMBER_HAVE_JIT_COMPILER
constexpr const char* kJit = " jit";
#else
constexpr const char* kJit = "";
#endif
#if EMBER_HAVE_INTERP
constexpr const char* kInterp = " interpreter";
#else
constexpr const char* kInterp = "";
#endif
#if EMBER_HAVE_WASI
constexpr const char* kWasi = "preview 1 and snapshot 0";
#else
constexpr const char* kWasi = "no";
#endif
#if EMBER_HAVE_ARTIFACTS
constexpr const char* kArtifacts = "yes";
#else
constexpr const char* kArtifacts = "no";
#endif

void printVersion() {
  std::printf("ember %s (engines:%s%s; WASI: %s; precompiled artifacts: %s)\n", EMBER_VERSION, kJit,
              kInterp, kWasi, kArtifacts);
}

// `ember prog.wasm args` runs it, as Wasmtime's CLI does.
bool namesAModule(std::string_view arg) {
  return arg.ends_with(".wasm") || arg.ends_with(".ember");
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string_view> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    std::fputs(kUsage, args.empty() ? stderr : stdout);
    return args.empty() ? 2 : 0;
  }
  if (args[0] == "--version" || args[0] == "-V" || args[0] == "version") {
    printVersion();
    return 0;
  }
  if (namesAModule(args[0])) return ember::tools::runRunCommand(args);
  std::string_view command = args[0];
  std::span<const std::string_view> rest(args.data() + 1, args.size() - 1);
  if (command == "validate") return ember::tools::runValidateCommand(rest);
  if (command == "run") return ember::tools::runRunCommand(rest);
  if (command == "compile") return ember::tools::runCompileCommand(rest);
  if (command == "spec") return ember::tools::runSpecCommand(rest);
  if (command == "objdump") return ember::tools::runObjdumpCommand(rest);
  std::fprintf(stderr, "ember: unknown command '%.*s'\n%s", static_cast<int>(command.size()),
               command.data(), kUsage);
  return 2;
}
