// The runtime's one thread-local pointer. initial-exec TLS is a fixed offset
// from the thread pointer: no lazy allocation, so reading it inside the
// trap signal handler is async-signal-safe.
#include "platform/ember-platform.h"

namespace {

__attribute__((tls_model("initial-exec"))) thread_local void* runtimeState = nullptr;

}  // namespace

extern "C" {

void* ember_tls_get(void) { return runtimeState; }

void ember_tls_set(void* value) { runtimeState = value; }

}  // extern "C"
