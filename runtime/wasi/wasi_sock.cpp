// sock_accept, sock_recv, sock_send, sock_shutdown: preview 1 has no way to
// create a socket and we preopen none, so every open fd a guest can pass
// is not a socket: ENOTSOCK (as Wasmtime), EBADF for a closed one.
#include "runtime/wasi/wasi_host.h"

namespace ember::wasi {

namespace {

Errno notASocket(WasiContext& ctx, const GuestMemory&, const WasiArgs& a) {
  return ctx.find(a.u32(0)) ? Errno::NotSock : Errno::BadF;
}

}  // namespace

void defineSockFunctions(WasiDefiner& d) {
  d.define("sock_accept", {I32, I32, I32}, notASocket);
  d.define("sock_recv", {I32, I32, I32, I32, I32, I32}, notASocket);
  d.define("sock_send", {I32, I32, I32, I32, I32}, notASocket);
  d.define("sock_shutdown", {I32, I32}, notASocket);
}

}  // namespace ember::wasi
