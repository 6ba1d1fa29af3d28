// Trap signals on POSIX (DESIGN decision 5). One process-wide handler for
// SIGSEGV, SIGBUS, SIGILL and SIGFPE asks the runtime's callback whether the
// fault is a wasm trap; if so it rewrites the interrupted context so the
// thread resumes where the callback said (the innermost host->wasm entry),
// otherwise it passes the fault to whatever handler was installed before,
// e.g. AddressSanitizer's. The handler runs on the faulting thread, so
// concurrent faults on different threads never share state.
#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <cerrno>

#include "platform/ember-platform.h"
#include "platform/posix/errno_status.h"
#include "platform/posix/machine_context.h"

namespace {

constexpr int kTrapSignals[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE};
constexpr int kTrapSignalCount = sizeof(kTrapSignals) / sizeof(kTrapSignals[0]);

std::atomic<ember_trap_callback> installedCallback{nullptr};
static_assert(std::atomic<ember_trap_callback>::is_always_lock_free);

// What each trap signal did before our install; read by the handler, which
// is why install/uninstall must not race with running wasm.
struct sigaction previousActions[kTrapSignalCount];
bool installed = false;  // guarded by installMutex
pthread_mutex_t installMutex = PTHREAD_MUTEX_INITIALIZER;

// Set while this thread runs the callback: a fault inside the callback is a
// bug in the host, never a wasm trap, so it goes straight to the previous
// handler instead of recursing.
__attribute__((tls_model("initial-exec"))) thread_local bool inCallback = false;

int signalIndex(int signal) {
  for (int i = 0; i < kTrapSignalCount; ++i) {
    if (kTrapSignals[i] == signal) return i;
  }
  return -1;
}

ember_fault_kind faultKind(int signal) {
  switch (signal) {
    case SIGBUS:
      return EMBER_FAULT_BUS;
    case SIGILL:
      return EMBER_FAULT_ILL;
    case SIGFPE:
      return EMBER_FAULT_FPE;
    default:
      return EMBER_FAULT_SEGV;
  }
}

// Gives the signal to the handler that was there before ours, as if ours had
// never been installed.
void chainToPrevious(int signal, siginfo_t* info, void* context) {
  const struct sigaction& previous = previousActions[signalIndex(signal)];
  if (previous.sa_flags & SA_SIGINFO) {
    previous.sa_sigaction(signal, info, context);
    return;
  }
  if (previous.sa_handler != SIG_DFL && previous.sa_handler != SIG_IGN) {
    previous.sa_handler(signal);
    return;
  }
  bool fromHardware = info->si_code > 0;
  if (!fromHardware && previous.sa_handler == SIG_IGN) return;
  // Put the default action back: a hardware fault re-executes the faulting
  // instruction on return and is delivered again, now to the default action
  // (a core dump); a signal sent by kill()/raise() must be raised again.
  sigaction(signal, &previous, nullptr);
  if (!fromHardware) raise(signal);
}

// Asks the callback about a hardware fault; on a claim, redirects the
// context and returns true.
bool resumeIfTrap(int signal, siginfo_t* info, void* context) {
  // si_code <= 0: sent by kill()/sigqueue()/tgkill(), not raised by an
  // instruction, so it cannot be a wasm trap.
  if (info->si_code <= 0 || inCallback) return false;
  ember_trap_callback callback = installedCallback.load(std::memory_order_acquire);
  if (callback == nullptr) return false;
  ember_fault fault{};
  fault.kind = faultKind(signal);
  fault.signal_number = signal;
  fault.fault_address = reinterpret_cast<uintptr_t>(info->si_addr);
  ember::posix::readMachineContext(context, &fault.regs);
  fault.context = context;
  ember_registers resume = fault.regs;
  inCallback = true;
  bool claimed = callback(&fault, &resume);
  inCallback = false;
  if (claimed) ember::posix::writeMachineContext(context, resume);
  return claimed;
}

void handleTrapSignal(int signal, siginfo_t* info, void* context) {
  int savedErrno = errno;
  if (!resumeIfTrap(signal, info, context)) chainToPrevious(signal, info, context);
  errno = savedErrno;
}

// Installs our handler for every trap signal, or none of them.
ember_platform_status installAll() {
  struct sigaction action = {};
  action.sa_sigaction = handleTrapSignal;
  // SA_ONSTACK: run on the thread's alternate stack (ember_thread_init), so
  // a fault on an exhausted stack is still handled. SA_NODEFER: a fault
  // inside the handler reaches it again and is passed on (see inCallback)
  // rather than killing the process silently.
  action.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
  sigemptyset(&action.sa_mask);
  for (int i = 0; i < kTrapSignalCount; ++i) {
    // Record the previous action before ours can run and need it.
    bool ok = sigaction(kTrapSignals[i], nullptr, &previousActions[i]) == 0 &&
              sigaction(kTrapSignals[i], &action, nullptr) == 0;
    if (!ok) {
      int error = errno;
      for (int j = 0; j < i; ++j) sigaction(kTrapSignals[j], &previousActions[j], nullptr);
      return ember::posix::statusFromErrno(error);
    }
  }
  return EMBER_PLATFORM_OK;
}

}  // namespace

extern "C" {

ember_platform_status ember_trap_handlers_install(ember_trap_callback callback) {
  if (callback == nullptr) return EMBER_PLATFORM_INVALID_ARGUMENT;
  pthread_mutex_lock(&installMutex);
  // The callback first, so the handler finds it from the first fault on.
  installedCallback.store(callback, std::memory_order_release);
  ember_platform_status status = EMBER_PLATFORM_OK;
  if (!installed) {
    status = installAll();
    installed = status == EMBER_PLATFORM_OK;
    if (!installed) installedCallback.store(nullptr, std::memory_order_release);
  }
  pthread_mutex_unlock(&installMutex);
  return status;
}

void ember_trap_handlers_uninstall(void) {
  pthread_mutex_lock(&installMutex);
  if (installed) {
    for (int i = 0; i < kTrapSignalCount; ++i) {
      sigaction(kTrapSignals[i], &previousActions[i], nullptr);
    }
    installed = false;
  }
  installedCallback.store(nullptr, std::memory_order_release);
  pthread_mutex_unlock(&installMutex);
}

}  // extern "C"
