// GDB's JIT interface (Config::debugInfo): GDB sets a breakpoint on
// __jit_debug_register_code and, each time it is called, reads the in-memory
// object file that __jit_debug_descriptor's relevant_entry points at ("JIT
// Compilation Interface" in GDB's manual). Each module's code is registered
// as one ELF object with a symbol per function (elf_symbol_file.h), so
// backtraces through JIT frames show wasm function names; LLDB reads the
// same interface. The symbols are weak so that a host with another JIT that
// defines them (LLVM's) shares one descriptor.
#pragma once

#include <cstdint>
#include <span>

#include "runtime/format/error.h"
#include "runtime/jit/code_symbols.h"

extern "C" {
struct jit_code_entry {
  jit_code_entry* next_entry;
  jit_code_entry* prev_entry;
  const char* symfile_addr;
  uint64_t symfile_size;
};
struct jit_descriptor {
  uint32_t version;      // 1
  uint32_t action_flag;  // JIT_NOACTION, JIT_REGISTER_FN, JIT_UNREGISTER_FN
  jit_code_entry* relevant_entry;
  jit_code_entry* first_entry;
};
extern jit_descriptor __jit_debug_descriptor;
void __jit_debug_register_code(void);
}

namespace ember {

// Registers the object for code at [codeStart, codeStart + codeSize).
// Thread-safe.
Result<void> registerWithGdb(uintptr_t codeStart, size_t codeSize,
                             std::span<const CodeSymbol> symbols);

// Unregisters the object registered for `codeStart`, if any (the code is
// about to be freed). Cheap when nothing was ever registered.
void unregisterFromGdb(uintptr_t codeStart);

}  // namespace ember
