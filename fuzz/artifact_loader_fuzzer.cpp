// libFuzzer target: any byte string through the precompiled-artifact loader
// (runtime/artifact/), which must treat everything but the machine code as
// untrusted: it returns an Error or a module, never crashes, leaks, hangs or
// reads outside the input (AddressSanitizer and UBSan watch). The code of
// a loaded module is never run: loading trusts it (DESIGN decision 10).
//
// Random mutations nearly always break the checksum, which would stop
// every input at the first check; so the target rewrites the size and
// checksum fields to match the mutated bytes, and the fuzzer explores the
// checks behind them (offsets, tables, metadata, config).
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <vector>

#include "abi/artifact_format.h"
#include "runtime/artifact/artifact_checksum.h"
#include "runtime/compiled_module.h"
#include "runtime/config.h"
#include "runtime/engine.h"

namespace {

ember::Engine& engine() {
  static ember::Engine e([] {
    ember::Config c;
    c.engine = ember::EngineKind::Jit;
    c.bounds = ember::BoundsMode::Checks;  // no signal handlers in the fuzzer process
    return c;
  }());
  return e;
}

// The input with its fileSize and checksum fields made consistent.
std::vector<uint8_t> withValidChecksum(const uint8_t* data, size_t size) {
  std::vector<uint8_t> bytes(data, data + size);
  if (size < ember::kArtifactHeaderSize) return bytes;
  ember::ArtifactHeader h;
  std::memcpy(&h, bytes.data(), sizeof h);
  h.fileSize = size;
  h.checksum = 0;
  std::memcpy(bytes.data(), &h, sizeof h);
  h.checksum = ember::artifactChecksum(bytes);
  std::memcpy(bytes.data(), &h, sizeof h);
  return bytes;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // As given (the checksum and size checks), then with both made to match.
  auto raw = ember::loadArtifact(engine(), std::span<const uint8_t>(data, size));
  (void)raw.ok();
  std::vector<uint8_t> fixed = withValidChecksum(data, size);
  auto loaded = ember::loadArtifact(engine(), fixed);
  (void)loaded.ok();
  return 0;
}
