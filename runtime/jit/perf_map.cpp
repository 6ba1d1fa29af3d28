#include "runtime/jit/perf_map.h"

#include <cinttypes>
#include <mutex>  // std::lock_guard

#include "platform/ember-platform.h"
#include "runtime/threading.h"

namespace ember {

Result<void> appendToPerfMap(std::span<const CodeSymbol> symbols) {
  static RuntimeMutex mutex;
  static ember_profiler_file* file = nullptr;  // open until the process ends
  std::lock_guard<RuntimeMutex> lock(mutex);
  if (file == nullptr &&
      ember_profiler_file_open(EMBER_PROFILER_PERF_MAP, nullptr, 0, &file) != EMBER_PLATFORM_OK)
    return Error(ErrorKind::Resource,
                 formatMessage("cannot create the perf map /tmp/perf-%u.map", ember_process_id()));
  std::string lines;
  for (const CodeSymbol& s : symbols)
    lines += formatText("%" PRIxPTR " %zx %s\n", s.start, s.size, s.name.c_str());
  if (ember_profiler_file_write(file, lines.data(), lines.size()) != EMBER_PLATFORM_OK)
    return Error(ErrorKind::Resource,
                 formatMessage("cannot write the perf map %s", ember_profiler_file_path(file)));
  return success();
}

}  // namespace ember
