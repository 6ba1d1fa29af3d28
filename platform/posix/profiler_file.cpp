// The files Linux perf reads to name JIT code: /tmp/perf-<pid>.map and
// ./jit-<pid>.dump with its executable marker mapping (perf's
// tools/perf/Documentation/jitdump-specification.txt). Plain POSIX calls;
// the runtime (runtime/jit/perf_map.cpp, jitdump.cpp) writes the contents.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <new>

#include "platform/ember-platform.h"
#include "platform/posix/errno_status.h"

struct ember_profiler_file {
  int fd = -1;
  void* marker = MAP_FAILED;
  size_t markerSize = 0;
  char path[64] = {};
};

namespace {

ember_platform_status writeAll(int fd, const void* data, size_t size) {
  const char* bytes = static_cast<const char*>(data);
  while (size > 0) {
    ssize_t n = write(fd, bytes, size);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return ember::posix::statusFromErrno(errno);
    bytes += n;
    size -= static_cast<size_t>(n);
  }
  return EMBER_PLATFORM_OK;
}

}  // namespace

extern "C" ember_platform_status ember_profiler_file_open(ember_profiler_file_kind kind,
                                                          const void* header, size_t header_size,
                                                          ember_profiler_file** out_file) {
  if (kind != EMBER_PROFILER_PERF_MAP && kind != EMBER_PROFILER_JITDUMP)
    return EMBER_PLATFORM_INVALID_ARGUMENT;
  auto* file = new (std::nothrow) ember_profiler_file;
  if (file == nullptr) return EMBER_PLATFORM_OUT_OF_MEMORY;
  // perf finds both files by these exact names (the jitdump one through the
  // marker mapping's path, so it may be in any directory; perf's own
  // examples and Wasmtime use the current one).
  std::snprintf(file->path, sizeof file->path,
                kind == EMBER_PROFILER_PERF_MAP ? "/tmp/perf-%d.map" : "jit-%d.dump",
                static_cast<int>(getpid()));
  // The jitdump file is mapped executable below, so it is opened read-write.
  file->fd = open(file->path, O_CREAT | O_TRUNC | O_CLOEXEC |
                                  (kind == EMBER_PROFILER_PERF_MAP ? O_WRONLY : O_RDWR),
                  0644);
  ember_platform_status status =
      file->fd < 0 ? ember::posix::statusFromErrno(errno) : EMBER_PLATFORM_OK;
  if (status == EMBER_PLATFORM_OK && header_size > 0)
    status = writeAll(file->fd, header, header_size);
  if (status == EMBER_PLATFORM_OK && kind == EMBER_PROFILER_JITDUMP) {
    // The marker: perf record logs this PROT_EXEC mapping of jit-<pid>.dump
    // as an MMAP event, which is what `perf inject --jit` looks for. It is
    // never touched.
    file->markerSize = static_cast<size_t>(sysconf(_SC_PAGESIZE));
    file->marker = mmap(nullptr, file->markerSize, PROT_READ | PROT_EXEC, MAP_PRIVATE, file->fd, 0);
    if (file->marker == MAP_FAILED) status = ember::posix::statusFromErrno(errno);
  }
  if (status != EMBER_PLATFORM_OK) {
    ember_profiler_file_close(file);
    return status;
  }
  *out_file = file;
  return EMBER_PLATFORM_OK;
}

extern "C" ember_platform_status ember_profiler_file_write(ember_profiler_file* file,
                                                           const void* data, size_t size) {
  return writeAll(file->fd, data, size);
}

extern "C" const char* ember_profiler_file_path(const ember_profiler_file* file) {
  return file->path;
}

extern "C" void ember_profiler_file_close(ember_profiler_file* file) {
  if (file == nullptr) return;
  if (file->marker != MAP_FAILED) munmap(file->marker, file->markerSize);
  if (file->fd >= 0) close(file->fd);
  delete file;
}

extern "C" uint32_t ember_process_id(void) { return static_cast<uint32_t>(getpid()); }

extern "C" uint32_t ember_thread_id(void) {
  return static_cast<uint32_t>(syscall(SYS_gettid));
}
