#include "runtime/wasi/wasi.h"

#include "runtime/extern.h"
#include "runtime/function.h"
#include "runtime/linker.h"
#include "runtime/store.h"
#include "runtime/wasi/wasi_host.h"

namespace ember {

namespace wasi {

namespace {

// WASI works on the memory the module exports as "memory" (the preview 1
// ABI); a module that does not export it gets its memory 0, if any.
Memory* callerMemory(Caller& caller) {
  if (Memory* m = caller.exportByName("memory").memory()) return m;
  return caller.memory(0);
}

}  // namespace

void WasiDefiner::define(std::string_view name, std::initializer_list<ValType> params,
                         WasiHandler handler) {
  defineFunction(name, hostFunction(params, handler));
}

void WasiDefiner::defineFunction(std::string_view name, Function* f) {
  linker_.define(kWasiModuleName, name, Extern::of(f));
  linker_.define(kWasiSnapshot0ModuleName, name, Extern::of(f));
}

void WasiDefiner::defineSnapshot0(std::string_view name, std::initializer_list<ValType> params,
                                  WasiHandler handler) {
  linker_.define(kWasiSnapshot0ModuleName, name, Extern::of(hostFunction(params, handler)));
}

Function* WasiDefiner::hostFunction(std::initializer_list<ValType> params, WasiHandler handler) {
  FuncType type{std::vector<ValType>(params), {ValType::I32}};
  WasiContext* ctx = &ctx_;
  // The handler's trap (a limit ended a blocking call) wins over its errno.
  auto call = [ctx, handler](Caller& caller, std::span<const Value> args,
                             std::span<Value> results) -> Result<void> {
    GuestMemory mem(callerMemory(caller));
    ctx->beginCall(&caller.store());
    Errno e = handler(*ctx, mem, WasiArgs(args));
    if (std::optional<Error> trap = ctx->takeTrap()) return std::move(*trap);
    results[0] = Value::fromI32(static_cast<uint32_t>(e));
    return success();
  };
  return store_.createHostFunction(type, call);
}

}  // namespace wasi

Result<void> defineWasi(Linker& linker, Store& store, WasiContext& context) {
  wasi::WasiDefiner d(linker, store, context);
  wasi::defineArgsEnvironFunctions(d);
  wasi::defineClockRandomFunctions(d);
  wasi::defineFdFunctions(d);
  wasi::definePathFunctions(d);
  wasi::definePollFunctions(d);
  wasi::defineProcFunctions(d);
  wasi::defineSockFunctions(d);
  return success();
}

std::optional<uint32_t> wasiExitCode(const WasiContext& context, const Error& error) {
  if (!wasi::isProcExitError(error)) return std::nullopt;
  return context.exitCode();
}

}  // namespace ember
