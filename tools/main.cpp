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

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string_view> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    std::fputs(kUsage, args.empty() ? stderr : stdout);
    return args.empty() ? 2 : 0;
  }
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
