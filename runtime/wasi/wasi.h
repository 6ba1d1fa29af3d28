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
// Its predecessor, snapshot 0, which older toolchains (wasi-sdk before 8,
// Rust before 1.38) emit: the same functions except for fd_seek's whence
// order and the layouts of filestat and of poll_oneoff's clock
// subscription, which Ember translates (runtime/wasi/README.md).
inline constexpr const char* kWasiSnapshot0ModuleName = "wasi_unstable";

// Defines every wasi_snapshot_preview1 function in `linker`, and every
// wasi_unstable one, as host functions of `store` working on `context`. The
// context must outlive every call into instances linked this way.
Result<void> defineWasi(Linker& linker, Store& store, WasiContext& context);

// The guest's exit code when `error` (returned by a call) is the unwinding
// trap of proc_exit from `context`; nothing for any other error.
std::optional<uint32_t> wasiExitCode(const WasiContext& context, const Error& error);

}  // namespace ember
