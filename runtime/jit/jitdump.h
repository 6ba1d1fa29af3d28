// The jitdump file (Config::profiler == Profiler::JitDump): ./jit-<pid>.dump
// in perf's binary format (tools/perf/Documentation/jitdump-specification.txt
// in the Linux sources): a header, then a JIT_CODE_LOAD record per function
// with its name and a copy of its machine code. `perf inject --jit` turns
// each record into a small ELF file so that `perf report` names and
// annotates the code. Timestamps are CLOCK_MONOTONIC, so record with
// `perf record -k mono`.
#pragma once

#include <cstdint>
#include <span>

#include "runtime/format/error.h"
#include "runtime/jit/code_symbols.h"

namespace ember {

// The file's layout, shared with the tests that parse it.
namespace jitdump {
inline constexpr uint32_t kMagic = 0x4A695444;  // "JiTD" read as a host-endian u32
inline constexpr uint32_t kVersion = 1;
inline constexpr uint32_t kCodeLoad = 0;  // record id of JIT_CODE_LOAD

struct FileHeader {
  uint32_t magic = kMagic;
  uint32_t version = kVersion;
  uint32_t totalSize = sizeof(FileHeader);
  uint32_t elfMachine = 0;
  uint32_t pad1 = 0;
  uint32_t pid = 0;
  uint64_t timestamp = 0;
  uint64_t flags = 0;
};
static_assert(sizeof(FileHeader) == 40);

struct RecordHeader {
  uint32_t id = 0;
  uint32_t totalSize = 0;  // this header, the body, the name and the code
  uint64_t timestamp = 0;
};
static_assert(sizeof(RecordHeader) == 16);

// JIT_CODE_LOAD after its RecordHeader; then the NUL-terminated name and
// codeSize bytes of code.
struct CodeLoad {
  uint32_t pid = 0;
  uint32_t tid = 0;
  uint64_t vma = 0;
  uint64_t codeAddress = 0;
  uint64_t codeSize = 0;
  uint64_t codeIndex = 0;  // unique per load, increasing
};
static_assert(sizeof(CodeLoad) == 40);
}  // namespace jitdump

// Appends a JIT_CODE_LOAD record per symbol (the code is read at its
// address); creates the file with its header and marker mapping on first
// use. Thread-safe.
Result<void> appendToJitdump(std::span<const CodeSymbol> symbols);

}  // namespace ember
