// The metadata half of an artifact (abi/artifact_format.h): the module's
// own binary with every function body replaced by an empty one and only
// the `name` custom section kept. Keeping
// the WebAssembly encoding means the loader decodes it with the decoder
// and module validator every .wasm goes through (hardened and fuzzed),
// instead of a second, hand-written parser of untrusted input.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "runtime/format/error.h"

namespace ember {

// `wasm` must be a decodable module. Every section is copied as it is,
// except the code section, whose bodies become `0x00 0x0B` (no locals,
// end), and custom sections other than `name`: nothing at run time reads
// them, and debug info (DWARF) is often most of a module's bytes.
Result<std::vector<uint8_t>> artifactMetadata(std::span<const uint8_t> wasm);

}  // namespace ember
