// proc_exit, proc_raise and sched_yield.
#include <sched.h>

#include "abi/trap_code.h"
#include "runtime/function.h"
#include "runtime/store.h"
#include "runtime/wasi/wasi_host.h"

namespace ember::wasi {

namespace {

constexpr const char* kProcExitMessage = "wasi proc_exit";

Errno procRaise(WasiContext&, const GuestMemory&, const WasiArgs&) {
  return Errno::NoSys;  // signals are gone from later WASI versions; nobody relies on them
}

Errno schedYield(WasiContext&, const GuestMemory&, const WasiArgs&) {
  sched_yield();
  return Errno::Success;
}

}  // namespace

// proc_exit must not return to the guest: it leaves as a trap, which unwinds
// every wasm frame up to the embedder's call; the code waits in the context.
Error makeProcExitError(uint32_t code) {
  return Error(ErrorKind::Trap, formatText("%s(%u)", kProcExitMessage, code),
               static_cast<uint32_t>(TrapCode::HostError), {});
}

bool isProcExitError(const Error& error) {
  return error.kind() == ErrorKind::Trap &&
         error.code() == static_cast<uint32_t>(TrapCode::HostError) &&
         error.message().rfind(kProcExitMessage, 0) == 0;
}

void defineProcFunctions(WasiDefiner& d) {
  WasiContext* ctx = &d.context();
  FuncType exitType{{ValType::I32}, {}};
  Function* exit = d.store().createHostFunction(
      exitType, [ctx](Caller&, std::span<const Value> args, std::span<Value>) -> Result<void> {
        ctx->setExitCode(args[0].i32);
        return makeProcExitError(args[0].i32);
      });
  d.defineFunction("proc_exit", exit);
  d.define("proc_raise", {I32}, procRaise);
  d.define("sched_yield", {}, schedYield);
}

}  // namespace ember::wasi
