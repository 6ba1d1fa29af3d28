#include "runtime/jit/jitdump.h"

#include <cstring>
#include <mutex>  // std::lock_guard
#include <vector>

#include "platform/ember-platform.h"
#include "runtime/jit/elf_machine.h"
#include "runtime/threading.h"

namespace ember {

namespace {

template <typename T>
void appendBytes(std::vector<uint8_t>& out, const T& value) {
  size_t at = out.size();
  out.resize(at + sizeof(T));
  std::memcpy(out.data() + at, &value, sizeof(T));
}

}  // namespace

Result<void> appendToJitdump(std::span<const CodeSymbol> symbols) {
  static RuntimeMutex mutex;
  static ember_profiler_file* file = nullptr;  // open until the process ends
  static uint64_t nextCodeIndex = 0;
  std::lock_guard<RuntimeMutex> lock(mutex);
  if (file == nullptr) {
    jitdump::FileHeader header;
    header.elfMachine = kHostElfMachine;
    header.pid = ember_process_id();
    header.timestamp = ember_monotonic_now_ns();
    if (ember_profiler_file_open(EMBER_PROFILER_JITDUMP, &header, sizeof header, &file) !=
        EMBER_PLATFORM_OK)
      return Error(ErrorKind::Resource,
                   formatMessage("cannot create the jitdump file jit-%u.dump in the current "
                                 "directory",
                                 header.pid));
  }
  std::vector<uint8_t> records;
  for (const CodeSymbol& s : symbols) {
    jitdump::RecordHeader record;
    record.id = jitdump::kCodeLoad;
    record.totalSize = static_cast<uint32_t>(sizeof(jitdump::RecordHeader) +
                                             sizeof(jitdump::CodeLoad) + s.name.size() + 1 + s.size);
    record.timestamp = ember_monotonic_now_ns();
    jitdump::CodeLoad load;
    load.pid = ember_process_id();
    load.tid = ember_thread_id();
    load.vma = s.start;
    load.codeAddress = s.start;
    load.codeSize = s.size;
    load.codeIndex = nextCodeIndex++;
    appendBytes(records, record);
    appendBytes(records, load);
    records.insert(records.end(), s.name.begin(), s.name.end());
    records.push_back(0);
    const auto* code = reinterpret_cast<const uint8_t*>(s.start);
    records.insert(records.end(), code, code + s.size);
  }
  if (ember_profiler_file_write(file, records.data(), records.size()) != EMBER_PLATFORM_OK)
    return Error(ErrorKind::Resource,
                 formatMessage("cannot write the jitdump file %s", ember_profiler_file_path(file)));
  return success();
}

}  // namespace ember
