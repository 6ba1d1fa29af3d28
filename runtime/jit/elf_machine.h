// The ELF e_machine value of the host, which both jitdump's header and the
// in-memory ELF objects for GDB carry (names the ISA of the code, so the
// tools disassemble it right). The ELF specification's numbers.
#pragma once

#include <cstdint>

namespace ember {

#if defined(__x86_64__)
inline constexpr uint16_t kHostElfMachine = 62;  // EM_X86_64
#elif defined(__aarch64__)
inline constexpr uint16_t kHostElfMachine = 183;  // EM_AARCH64
#else
inline constexpr uint16_t kHostElfMachine = 0;  // EM_NONE: the JIT has no other target
#endif

}  // namespace ember
