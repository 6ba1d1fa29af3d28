// sock_accept, sock_recv, sock_send, sock_shutdown: preview 1 has no way to
// create a socket and we preopen none, so every fd a guest could pass is
// not a socket we offer.
#include "runtime/wasi/wasi_host.h"

namespace ember::wasi {

namespace {

Errno notSupported(WasiContext& ctx, const GuestMemory&, const WasiArgs& a) {
  return ctx.find(a.u32(0)) ? Errno::NotSup : Errno::BadF;
}

}  // namespace

void defineSockFunctions(WasiDefiner& d) {
  d.define("sock_accept", {I32, I32, I32}, notSupported);
  d.define("sock_recv", {I32, I32, I32, I32, I32, I32}, notSupported);
  d.define("sock_send", {I32, I32, I32, I32, I32}, notSupported);
  d.define("sock_shutdown", {I32, I32}, notSupported);
}

}  // namespace ember::wasi
