// Direct calls between a module's functions (x86-64 `call rel32`, AArch64
// `bl`): writing the displacement where each backend's instruction holds
// it (CallFormat, masm.h), the same whether the callee is in the same
// buffer (CodeBuffer, as the callee's code begins) or in another part of a
// parallel compile (joinParts, through a PendingCall).
#pragma once

#include <cstdint>
#include <span>

#include "jit/masm.h"

namespace ember {

// Writes the displacement of `call` (offsets relative to `base` in `code`)
// to `target`; false when it is out of the instruction's reach or its
// field out of `code`.
bool writeCallDisplacement(std::span<uint8_t> code, const PendingCall& call, uint32_t base,
                           uint32_t target);

// Until its callee's code begins, a call's field holds a link to the
// previous call to the same callee (1 + that instruction's offset in
// units, 0 for none): the calls waiting for a function cost no memory
// beyond the head of their chain. `previous` is kNoCall for none.
// False when the link does not fit the field (code beyond its reach
// anyway) or the field is out of `code`.
constexpr uint32_t kNoCall = UINT32_MAX;
bool writeCallLink(std::span<uint8_t> code, uint32_t instruction, const CallFormat& format,
                   uint32_t previous);
// The instruction the link at `instruction` names, kNoCall at the end of
// the chain.
uint32_t readCallLink(std::span<const uint8_t> code, uint32_t instruction,
                      const CallFormat& format);

}  // namespace ember
