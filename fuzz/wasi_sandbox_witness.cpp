#include "fuzz/wasi_sandbox_witness.h"

#include <dirent.h>
#include <fcntl.h>
#include <ftw.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

namespace ember::fuzz {
namespace {

// The secret files hold one random 8-byte word, repeated: any read of 15
// bytes or more from them puts a whole rotation of that word in guest
// memory. Memory is searched by a keyed hash of each 8-byte window, never
// by comparing with the word itself, so that libFuzzer's comparison
// tracing cannot learn the word and write it into memory on its own.
struct SecretWord {
  uint64_t word = 0, key = 0;
  uint64_t rotationHashes[8] = {};
};

uint64_t keyedHash(uint64_t x, uint64_t key) {
  uint64_t z = x ^ key;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

const SecretWord& secretWord() {
  static const SecretWord secret = [] {
    SecretWord s;
    uint64_t random[2] = {0x5ec7e75ec7e75ec7ull, 0x6b65796b65796b65ull};
    if (getrandom(random, sizeof random, 0) != sizeof random) {
      // Fixed values still work; only the hiding from the fuzzer is weaker.
    }
    s.word = random[0] | 0x0101010101010101ull;  // no zero byte
    s.key = random[1];
    for (int r = 0; r < 8; ++r) {
      uint64_t rotated = r == 0 ? s.word : (s.word >> (8 * r)) | (s.word << (64 - 8 * r));
      s.rotationHashes[r] = keyedHash(rotated, s.key);
    }
    return s;
  }();
  return secret;
}

bool writeFile(const std::string& path, const std::string& content) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) return false;
  bool ok = ::write(fd, content.data(), content.size()) == static_cast<ssize_t>(content.size());
  ::close(fd);
  return ok;
}

std::string secretContent() {
  std::string s(512, '\0');
  uint64_t word = secretWord().word;
  for (size_t i = 0; i < s.size(); i += 8) std::memcpy(&s[i], &word, 8);
  return s;
}

uint64_t hashFile(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) return 0;
  uint64_t h = 0xcbf29ce484222325ull;
  char buffer[4096];
  ssize_t n;
  while ((n = ::read(fd, buffer, sizeof buffer)) > 0)
    for (ssize_t i = 0; i < n; ++i) h = (h ^ static_cast<uint8_t>(buffer[i])) * 0x100000001b3ull;
  ::close(fd);
  return h;
}

int removeEntry(const char* path, const struct stat*, int, struct FTW*) { return ::remove(path); }

}  // namespace

std::unique_ptr<SandboxWitness> SandboxWitness::create(const std::string& baseDir, std::string& error) {
  std::unique_ptr<SandboxWitness> w(new SandboxWitness());
  std::string pattern = baseDir + "/run-XXXXXX";
  if (!::mkdtemp(pattern.data())) {
    error = "mkdtemp under " + baseDir + ": " + std::strerror(errno);
    return nullptr;
  }
  w->base_ = baseDir;
  w->root_ = pattern;
  if (!w->build(error)) return nullptr;
  w->before_ = w->snapshot();
  return w;
}

// root/
//   secret                 secret content
//   outside/secret         secret content
//   outside/dir/
//   outside/link -> secret
//   box/sentinel           secret content (".." of the preopen is box/)
//   box/sandbox/           the preopen:
//     a                    a file
//     d/f                  a directory with a file
//     up -> ../sentinel, upup -> ../../outside, abs -> <root>/outside/secret,
//     absdir -> <root>/outside, loop -> loop, self -> .
bool SandboxWitness::build(std::string& error) {
  const std::string& r = root_;
  preopen_ = r + "/box/sandbox";
  std::string secret = secretContent();
  bool ok = writeFile(r + "/secret", secret) && ::mkdir((r + "/outside").c_str(), 0755) == 0 &&
            writeFile(r + "/outside/secret", secret) &&
            ::mkdir((r + "/outside/dir").c_str(), 0755) == 0 &&
            ::symlink("secret", (r + "/outside/link").c_str()) == 0 &&
            ::mkdir((r + "/box").c_str(), 0755) == 0 && writeFile(r + "/box/sentinel", secret) &&
            ::mkdir(preopen_.c_str(), 0755) == 0 && writeFile(preopen_ + "/a", "hello, sandbox\n") &&
            ::mkdir((preopen_ + "/d").c_str(), 0755) == 0 && writeFile(preopen_ + "/d/f", "f") &&
            ::symlink("../sentinel", (preopen_ + "/up").c_str()) == 0 &&
            ::symlink("../../outside", (preopen_ + "/upup").c_str()) == 0 &&
            ::symlink((r + "/outside/secret").c_str(), (preopen_ + "/abs").c_str()) == 0 &&
            ::symlink((r + "/outside").c_str(), (preopen_ + "/absdir").c_str()) == 0 &&
            ::symlink("loop", (preopen_ + "/loop").c_str()) == 0 &&
            ::symlink(".", (preopen_ + "/self").c_str()) == 0;
  if (!ok) error = "building the scratch tree under " + r + ": " + std::strerror(errno);
  return ok;
}

SandboxWitness::~SandboxWitness() {
  if (root_.empty()) return;
  // Whatever the guest did inside (read-only directories cannot be made
  // through WASI), depth-first removal without following links clears it.
  ::nftw(root_.c_str(), removeEntry, 16, FTW_DEPTH | FTW_PHYS);
}

std::vector<SandboxWitness::Entry> SandboxWitness::snapshot() const {
  std::vector<Entry> out;
  snapshotDir("", out);
  return out;
}

// Every entry below root_ except the preopen and what is inside it, in
// name order.
void SandboxWitness::snapshotDir(const std::string& relative, std::vector<Entry>& out) const {
  std::string dirPath = relative.empty() ? root_ : root_ + "/" + relative;
  DIR* dir = ::opendir(dirPath.c_str());
  if (!dir) return;
  std::vector<std::string> names;
  while (dirent* e = ::readdir(dir)) {
    std::string name = e->d_name;
    if (name != "." && name != "..") names.push_back(name);
  }
  ::closedir(dir);
  std::sort(names.begin(), names.end());
  for (const std::string& name : names) {
    std::string rel = relative.empty() ? name : relative + "/" + name;
    if (rel == "box/sandbox") continue;
    std::string path = root_ + "/" + rel;
    struct stat st;
    if (::lstat(path.c_str(), &st) != 0) continue;
    Entry entry;
    entry.path = rel;
    entry.mode = st.st_mode;
    entry.size = static_cast<uint64_t>(st.st_size);
    entry.nlink = st.st_nlink;
    entry.mtimeNs = static_cast<uint64_t>(st.st_mtim.tv_sec) * 1000000000ull +
                    static_cast<uint64_t>(st.st_mtim.tv_nsec);
    if (S_ISLNK(st.st_mode)) {
      char target[4096];
      ssize_t n = ::readlink(path.c_str(), target, sizeof target);
      if (n > 0) entry.linkTarget.assign(target, static_cast<size_t>(n));
    } else if (S_ISREG(st.st_mode)) {
      entry.contentHash = hashFile(path);
    }
    out.push_back(entry);
    if (S_ISDIR(st.st_mode)) snapshotDir(rel, out);
  }
}

std::optional<std::string> SandboxWitness::changedOutside() const {
  if (DIR* dir = ::opendir(base_.c_str())) {
    std::string rootName = root_.substr(base_.size() + 1);
    std::optional<std::string> stranger;
    while (dirent* e = ::readdir(dir)) {
      std::string name = e->d_name;
      if (name != "." && name != ".." && name != rootName) stranger = name;
    }
    ::closedir(dir);
    if (stranger) return "created beside the scratch tree: " + base_ + "/" + *stranger;
  }
  std::vector<Entry> now = snapshot();
  if (now == before_) return std::nullopt;
  for (size_t i = 0; i < std::max(now.size(), before_.size()); ++i) {
    if (i >= now.size()) return "removed or changed outside the preopen: " + before_[i].path;
    if (i >= before_.size()) return "created outside the preopen: " + now[i].path;
    if (!(now[i] == before_[i])) {
      if (now[i].path != before_[i].path)
        return "entries outside the preopen differ: " + before_[i].path + " became " + now[i].path;
      const Entry &a = before_[i], &b = now[i];
      char detail[256];
      std::snprintf(detail, sizeof detail,
                    " (mode %o->%o size %llu->%llu nlink %llu->%llu mtime %s content %s link %s)",
                    a.mode, b.mode, static_cast<unsigned long long>(a.size),
                    static_cast<unsigned long long>(b.size), static_cast<unsigned long long>(a.nlink),
                    static_cast<unsigned long long>(b.nlink), a.mtimeNs == b.mtimeNs ? "same" : "changed",
                    a.contentHash == b.contentHash ? "same" : "changed",
                    a.linkTarget == b.linkTarget ? "same" : "changed");
      return "changed outside the preopen: " + a.path + detail;
    }
  }
  return std::nullopt;
}

std::optional<std::string> SandboxWitness::outsideDescriptor(int hostFd) const {
  char link[64], target[4096];
  std::snprintf(link, sizeof link, "/proc/self/fd/%d", hostFd);
  ssize_t n = ::readlink(link, target, sizeof target - 1);
  if (n < 0) return std::string("host fd ") + std::to_string(hostFd) + " is not open";
  std::string path(target, static_cast<size_t>(n));
  // An unlinked file shows as "<path> (deleted)": the path still tells where.
  if (path == preopen_ || path.rfind(preopen_ + "/", 0) == 0) return std::nullopt;
  return "guest descriptor refers outside the preopen: host fd " + std::to_string(hostFd) + " -> " + path;
}

std::optional<std::string> SandboxWitness::secretIn(std::span<const uint8_t> memory) const {
  const SecretWord& s = secretWord();
  for (size_t i = 0; i + 8 <= memory.size(); ++i) {
    uint64_t window;
    std::memcpy(&window, memory.data() + i, 8);
    uint64_t h = keyedHash(window, s.key);
    for (uint64_t r : s.rotationHashes)
      if (h == r) return "secret file content in guest memory at offset " + std::to_string(i);
  }
  return std::nullopt;
}

}  // namespace ember::fuzz
