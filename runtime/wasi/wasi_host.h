// Internal to runtime/wasi: how each WASI function is defined as a host
// function. A handler sees the context, the caller's memory (bounds-checked)
// and its arguments, and returns the errno the guest receives.
#pragma once

#include <sys/stat.h>
#include <time.h>

#include <initializer_list>
#include <span>
#include <string_view>

#include "runtime/format/error.h"
#include "runtime/format/types.h"
#include "runtime/value.h"
#include "runtime/wasi/guest_memory.h"
#include "runtime/wasi/wasi_context.h"
#include "runtime/wasi/wasi_errno.h"

namespace ember {
class Function;
class Linker;
class Store;
}  // namespace ember

namespace ember::wasi {

// A WASI call's arguments, read by position.
class WasiArgs {
 public:
  explicit WasiArgs(std::span<const Value> values) : values_(values) {}
  uint32_t u32(size_t i) const { return values_[i].i32; }
  uint64_t u64(size_t i) const { return values_[i].i64; }

 private:
  std::span<const Value> values_;
};

using WasiHandler = Errno (*)(WasiContext& ctx, const GuestMemory& mem, const WasiArgs& args);

// Defines functions of the "wasi_snapshot_preview1" module in a linker,
// each also as the "wasi_unstable" (snapshot 0) function of that name.
class WasiDefiner {
 public:
  WasiDefiner(Linker& linker, Store& store, WasiContext& ctx)
      : linker_(linker), store_(store), ctx_(ctx) {}

  // A function with the given parameter types and one i32 (errno) result.
  void define(std::string_view name, std::initializer_list<ValType> params, WasiHandler handler);
  // A host function of any type, under both module names.
  void defineFunction(std::string_view name, Function* f);
  // The snapshot 0 function of that name where it differs (called after
  // define, which it replaces for wasi_unstable only).
  void defineSnapshot0(std::string_view name, std::initializer_list<ValType> params,
                       WasiHandler handler);

  Linker& linker() { return linker_; }
  Store& store() { return store_; }
  WasiContext& context() { return ctx_; }

 private:
  Function* hostFunction(std::initializer_list<ValType> params, WasiHandler handler);

  Linker& linker_;
  Store& store_;
  WasiContext& ctx_;
};

// Shorthands for parameter lists.
inline constexpr ValType I32 = ValType::I32;
inline constexpr ValType I64 = ValType::I64;

// Each file defines its group of functions.
void defineArgsEnvironFunctions(WasiDefiner& d);
void defineClockRandomFunctions(WasiDefiner& d);
void defineFdFunctions(WasiDefiner& d);
void definePathFunctions(WasiDefiner& d);
void definePollFunctions(WasiDefiner& d);
void defineProcFunctions(WasiDefiner& d);
void defineSockFunctions(WasiDefiner& d);

// proc_exit unwinds the whole call with this trap (wasi_proc.cpp); the
// code itself is kept in the context.
Error makeProcExitError(uint32_t code);
bool isProcExitError(const Error& error);

// Writes a witx `filestat` for a host stat (wasi_fd.cpp): preview 1's (64
// bytes), or snapshot 0's (56: its link count is a u32).
Errno storeFilestat(const GuestMemory& mem, uint32_t ptr, const struct stat& st);
Errno storeFilestatSnapshot0(const GuestMemory& mem, uint32_t ptr, const struct stat& st);
using FilestatWriter = Errno (*)(const GuestMemory& mem, uint32_t ptr, const struct stat& st);
// The two timespecs of futimens/utimensat for the fd/path_filestat_set_times
// arguments; Inval when a time is both given and "now".
Errno timesFromWasi(uint64_t atim, uint64_t mtim, uint32_t fstFlags, struct timespec out[2]);

// Stores `value` at `ptr`: Success, or Fault when out of range.
template <typename T>
Errno storeResult(const GuestMemory& mem, uint32_t ptr, T value) {
  return mem.store(ptr, value) ? Errno::Success : Errno::Fault;
}

}  // namespace ember::wasi
