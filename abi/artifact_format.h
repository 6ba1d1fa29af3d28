// The layout of a precompiled artifact (`.ember` file; DESIGN decision 10).
//
// It lives in abi/ because it is a contract between two sides that may be
// different builds on different machines: the writer, which runs beside the
// compiler, and the loader, which runs where the compiler is stripped out
// (EMBER_JIT=OFF EMBER_INTERP=OFF). Neither side may own it.
//
// All integers are little-endian; every section offset is from the start of
// the file and 8-byte aligned. The file is:
//
//   ArtifactHeader                      (kArtifactHeaderSize bytes)
//   metadata   : a WebAssembly binary, the original module with each
//                function body replaced by an empty one (`0x00 0x0B`) and
//                no custom section but `name`. It carries types, imports,
//                exports, segments, data and the names (backtraces). The loader decodes it with the
//                same hardened decoder and module validator as any .wasm,
//                but never validates or compiles a function body.
//   code       : position-independent machine code (DESIGN decision 2),
//                copied into a sealed code region at load.
//   traps      : ArtifactTrapSite[trapCount], sorted by codeOffset
//   functions  : ArtifactFunctionRange[functionCount], emission order (by
//                code offset, not overlapping)
//   wasm offsets: the operator of each call and trap site, for backtraces,
//                one run per function (abi/wasm_offset_map.h; where each
//                function's run lies is in its range). The body offsets in
//                the ranges are the original module's, whose bodies the
//                metadata no longer holds.
//   data ranges: ArtifactDataRange[], the jump tables and constant pools
//                inside the code, sorted, not overlapping (only a
//                disassembly uses them: a build without objdump writes
//                none and does not read them).
//
// Compatibility is by `formatVersion` (bump it whenever this layout, the
// VMContext layout, the builtin table or the code's conventions change),
// not by the exact Ember release, which is recorded for messages only.
#pragma once

#include <cstddef>
#include <cstdint>

namespace ember {

// "\x7F" keeps it from ever looking like text or like "\0asm".
constexpr uint8_t kArtifactMagic[8] = {0x7F, 'E', 'M', 'B', 'E', 'R', 'A', 'F'};
constexpr uint32_t kArtifactFormatVersion = 5;

enum class ArtifactArch : uint32_t { X86_64 = 1, AArch64 = 2 };

// CPU features the code may use beyond the architecture's baseline: the
// loader refuses when the host lacks one (x86-64; AArch64 uses none).
constexpr uint32_t kCpuSse41 = 1u << 0;
constexpr uint32_t kCpuPopcnt = 1u << 1;
constexpr uint32_t kCpuLzcnt = 1u << 2;
constexpr uint32_t kCpuBmi1 = 1u << 3;
constexpr uint32_t kCpuBmi2 = 1u << 4;
constexpr uint32_t kCpuSse42 = 1u << 5;
constexpr uint32_t kCpuAvx = 1u << 6;  // with the OS saving the ymm state
constexpr uint32_t kCpuAvx2 = 1u << 7;

enum class ArtifactBounds : uint32_t { Signals = 0, Checks = 1 };

// Config choices that change generated code (Config, jit JitOptions).
constexpr uint32_t kCodeEpochChecks = 1u << 0;
constexpr uint32_t kCodeFuelChecks = 1u << 1;
constexpr uint32_t kCodeTrapViaBuiltin = 1u << 2;

struct ArtifactSection {
  uint64_t offset;
  uint64_t size;  // bytes
};

struct ArtifactHeader {
  uint8_t magic[8];
  uint32_t formatVersion;
  uint32_t headerSize;          // sizeof(ArtifactHeader)
  char emberVersion[16];        // NUL-padded, informational
  uint32_t arch;                // ArtifactArch
  uint32_t cpuFeatures;         // kCpu* bits the code assumes
  uint32_t bounds;              // ArtifactBounds
  uint32_t codeFlags;           // kCode* bits
  uint64_t guardBytes;          // guard region the Signals code relies on
  uint32_t abiFingerprint;      // VMContext offsets, builtin table (runtime/artifact)
  uint32_t engineKind;          // 1 = JIT machine code (the only kind so far)
  uint64_t fileSize;            // the whole file, header included
  uint64_t checksum;            // of the whole file with this field zero
  ArtifactSection metadata;
  ArtifactSection code;
  ArtifactSection traps;        // size = trapCount * sizeof(ArtifactTrapSite)
  ArtifactSection functions;    // size = functionCount * sizeof(ArtifactFunctionRange)
  ArtifactSection wasmOffsets;  // bytes (abi/wasm_offset_map.h)
  ArtifactSection dataRanges;   // size = rangeCount * sizeof(ArtifactDataRange)
};

struct ArtifactTrapSite {
  uint32_t codeOffset;
  uint32_t trapCode;  // abi/trap_code.h TrapCode
};

struct ArtifactFunctionRange {
  uint32_t funcIndex;  // function index space (imported functions first)
  uint32_t begin;      // [begin, end) in code, trap stubs included
  uint32_t end;
  uint32_t bodyOffset;    // the wasm body (from its locals declaration) in the
  uint32_t bodySize;      // original module binary
  uint32_t offsetsBegin;  // this function's run in the wasm offsets section
  uint32_t offsetsSize;
};

// [begin, end) of the code.
struct ArtifactDataRange {
  uint32_t begin;
  uint32_t end;
};

constexpr uint32_t kArtifactEngineJit = 1;
constexpr size_t kArtifactHeaderSize = 176;
constexpr size_t kArtifactAlignment = 8;

static_assert(sizeof(ArtifactHeader) == kArtifactHeaderSize);
static_assert(offsetof(ArtifactHeader, formatVersion) == 8);
static_assert(offsetof(ArtifactHeader, arch) == 32);
static_assert(offsetof(ArtifactHeader, checksum) == 72);
static_assert(offsetof(ArtifactHeader, metadata) == 80);
static_assert(offsetof(ArtifactHeader, functions) == 128);
static_assert(sizeof(ArtifactTrapSite) == 8);
static_assert(offsetof(ArtifactHeader, wasmOffsets) == 144);
static_assert(sizeof(ArtifactFunctionRange) == 28);
static_assert(offsetof(ArtifactHeader, dataRanges) == 160);
static_assert(sizeof(ArtifactDataRange) == 8);

}  // namespace ember
