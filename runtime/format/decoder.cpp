#include "runtime/format/decoder.h"

namespace ember {

// Placeholder until the decoder lands.
Result<Module> decodeModule(std::span<const uint8_t>) {
  return Error(ErrorKind::Malformed, "decoder not implemented");
}

}  // namespace ember
