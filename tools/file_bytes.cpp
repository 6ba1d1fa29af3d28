#include "tools/file_bytes.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

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
