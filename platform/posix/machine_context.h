// Reading and writing the registers of a signal's machine context
// (ucontext_t), the one architecture-specific piece of the POSIX platform.
#pragma once

#include "platform/ember-platform.h"

namespace ember::posix {

void readMachineContext(const void* context, ember_registers* out);

// Changes where the interrupted thread continues when the handler returns.
void writeMachineContext(void* context, const ember_registers& regs);

}  // namespace ember::posix
