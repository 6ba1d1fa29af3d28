// WASI preview 1 (wasi_snapshot_preview1) for the runtime: what a guest is
// given (arguments, environment, preopened directories, stdio) and the call
// that defines the host functions in a Linker.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "runtime/format/error.h"
#include "runtime/wasi/wasi_context.h"

namespace ember {

class Linker;
class Store;

// The module name WASI preview 1 imports come from.
inline constexpr const char* kWasiModuleName = "wasi_snapshot_preview1";

// Defines every wasi_snapshot_preview1 function in `linker`, as host
// functions of `store` working on `context`. The context must outlive every
// call into instances linked this way.
Result<void> defineWasi(Linker& linker, Store& store, WasiContext& context);

// The guest's exit code when `error` (returned by a call) is the unwinding
// trap of proc_exit from `context`; nothing for any other error.
std::optional<uint32_t> wasiExitCode(const WasiContext& context, const Error& error);

}  // namespace ember
