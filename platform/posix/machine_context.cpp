// Register access in a Linux ucontext_t. Both the glibc layout of x86-64
// (gregs[] indexed by REG_*) and of AArch64 (pc, sp, regs[31]) are here;
// the registers are those of each architecture's C calling convention.
#include "platform/posix/machine_context.h"

#include <ucontext.h>

#if !defined(__x86_64__) && !defined(__aarch64__)
#error "platform/posix supports x86-64 and AArch64 Linux only"
#endif

namespace ember::posix {

#if defined(__x86_64__)

void readMachineContext(const void* context, ember_registers* out) {
  const greg_t* gregs = static_cast<const ucontext_t*>(context)->uc_mcontext.gregs;
  out->pc = static_cast<uintptr_t>(gregs[REG_RIP]);
  out->sp = static_cast<uintptr_t>(gregs[REG_RSP]);
  out->fp = static_cast<uintptr_t>(gregs[REG_RBP]);
  out->arg0 = static_cast<uintptr_t>(gregs[REG_RDI]);
  out->arg1 = static_cast<uintptr_t>(gregs[REG_RSI]);
}

void writeMachineContext(void* context, const ember_registers& regs) {
  greg_t* gregs = static_cast<ucontext_t*>(context)->uc_mcontext.gregs;
  gregs[REG_RIP] = static_cast<greg_t>(regs.pc);
  gregs[REG_RSP] = static_cast<greg_t>(regs.sp);
  gregs[REG_RBP] = static_cast<greg_t>(regs.fp);
  gregs[REG_RDI] = static_cast<greg_t>(regs.arg0);
  gregs[REG_RSI] = static_cast<greg_t>(regs.arg1);
}

#elif defined(__aarch64__)

// AAPCS64: x29 is the frame pointer, x0/x1 the first two arguments.
constexpr int kFramePointer = 29;

void readMachineContext(const void* context, ember_registers* out) {
  const mcontext_t& mc = static_cast<const ucontext_t*>(context)->uc_mcontext;
  out->pc = mc.pc;
  out->sp = mc.sp;
  out->fp = mc.regs[kFramePointer];
  out->arg0 = mc.regs[0];
  out->arg1 = mc.regs[1];
}

void writeMachineContext(void* context, const ember_registers& regs) {
  mcontext_t& mc = static_cast<ucontext_t*>(context)->uc_mcontext;
  mc.pc = regs.pc;
  mc.sp = regs.sp;
  mc.regs[kFramePointer] = regs.fp;
  mc.regs[0] = regs.arg0;
  mc.regs[1] = regs.arg1;
}

#endif

}  // namespace ember::posix

extern "C" void ember_context_read_registers(const void* context, ember_registers* out) {
  ember::posix::readMachineContext(context, out);
}
