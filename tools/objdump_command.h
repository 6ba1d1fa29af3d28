// `ember objdump FILE.wasm [--func NAME|INDEX] [--bytes]`: the x86-64 code
// the JIT emits for each defined function, disassembled by Zydis
// (jit/disasm.h). Needs a build with the JIT and EMBER_DISASM.
#pragma once

#include <span>
#include <string_view>

namespace ember::tools {

// Returns the process exit code: 0 on success, 1 when the module does not
// load or compile, 2 on a usage error, an unknown function, or a build
// without the disassembler.
int runObjdumpCommand(std::span<const std::string_view> args);

}  // namespace ember::tools
