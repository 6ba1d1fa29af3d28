#include "tools/file_bytes.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>

#include "platform/ember-platform.h"

namespace ember::tools {

namespace {

Error ioError(const std::string& path, const char* what) {
  return Error(ErrorKind::Io, "cannot read '" + path + "': " + what);
}

// stdio rather than iostreams: no exceptions, and errno tells the reason.
template <typename Buffer>
Result<Buffer> readInto(const std::string& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) return ioError(path, std::strerror(errno));
  if (S_ISDIR(info.st_mode)) return ioError(path, "is a directory");
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (!file) return ioError(path, std::strerror(errno));
  Buffer buffer;
  // A regular file is read whole into one buffer of its size whose pages
  // are made present at once: growing the buffer 64 KiB at a time copied
  // it ~4 times over and faulted in every page of each copy (a 850 KB
  // module took ~460 faults, ~2 ms of a compile command here).
  // (A module's offsets are 32-bit: a larger file cannot be one, and its
  // size must not become an allocation that fails.)
  if (S_ISREG(info.st_mode) && info.st_size > 0) {
    if (static_cast<uint64_t>(info.st_size) > UINT32_MAX) {
      std::fclose(file);
      return ioError(path, "larger than 4 GiB");
    }
    const auto size = static_cast<size_t>(info.st_size);
    buffer.reserve(size);
    ember_vm_prefault(buffer.data(), size);
    buffer.resize(size);
    buffer.resize(std::fread(buffer.data(), 1, size, file));
  }
  // The rest: all of a pipe's, or what a file gained since stat.
  char chunk[65536];
  size_t n;
  while ((n = std::fread(chunk, 1, sizeof chunk, file)) > 0)
    buffer.insert(buffer.end(), chunk, chunk + n);
  bool failed = std::ferror(file) != 0;
  int savedErrno = errno;
  std::fclose(file);
  if (failed) return ioError(path, std::strerror(savedErrno));
  return buffer;
}

}  // namespace

Result<std::vector<uint8_t>> readFileBytes(const std::string& path) {
  return readInto<std::vector<uint8_t>>(path);
}

Result<std::string> readFileText(const std::string& path) { return readInto<std::string>(path); }

bool writeFileBytes(const std::string& path, std::span<const uint8_t> bytes) {
  std::FILE* out = std::fopen(path.c_str(), "wb");
  bool written = out && std::fwrite(bytes.data(), 1, bytes.size(), out) == bytes.size();
  if (out && std::fclose(out) != 0) written = false;
  return written;
}

}  // namespace ember::tools
