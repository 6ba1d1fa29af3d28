// Writes a precompiled artifact (abi/artifact_format.h) from a module the
// JIT has compiled: what the runtime holds (runtime/jit/engine.h), not the
// compiler's internals, so any JitCode can be saved.
#pragma once

#include <cstdint>
#include <vector>

#include "runtime/format/error.h"

namespace ember {

class CompiledModule;

// Errors: Unsupported when `module` holds no JIT code (an interpreter
// module: interpreter artifacts are not implemented).
Result<std::vector<uint8_t>> writeArtifact(const CompiledModule& module);

}  // namespace ember
