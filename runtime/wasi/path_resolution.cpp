#include "runtime/wasi/path_resolution.h"

#include <fcntl.h>
#include <limits.h>
#include <unistd.h>

#include <utility>

namespace ember::wasi {

ResolvedPath::~ResolvedPath() { reset(); }

ResolvedPath::ResolvedPath(ResolvedPath&& other) noexcept
    : dirFd_(std::exchange(other.dirFd_, -1)),
      ownsDirFd_(std::exchange(other.ownsDirFd_, false)),
      name_(std::move(other.name_)),
      trailingSlash_(other.trailingSlash_) {}

ResolvedPath& ResolvedPath::operator=(ResolvedPath&& other) noexcept {
  if (this != &other) {
    reset();
    dirFd_ = std::exchange(other.dirFd_, -1);
    ownsDirFd_ = std::exchange(other.ownsDirFd_, false);
    name_ = std::move(other.name_);
    trailingSlash_ = other.trailingSlash_;
  }
  return *this;
}

void ResolvedPath::reset() {
  if (ownsDirFd_ && dirFd_ >= 0) ::close(dirFd_);
  dirFd_ = -1;
  ownsDirFd_ = false;
}

namespace {

// The directories entered so far, innermost last; the root is borrowed
// and never popped, which is what stops "..".
class DirectoryStack {
 public:
  explicit DirectoryStack(int rootFd) : rootFd_(rootFd) {}
  ~DirectoryStack() {
    for (int fd : opened_) ::close(fd);
  }
  int top() const { return opened_.empty() ? rootFd_ : opened_.back(); }
  bool atRoot() const { return opened_.empty(); }
  void push(int fd) { opened_.push_back(fd); }
  void pop() {
    ::close(opened_.back());
    opened_.pop_back();
  }
  // Hands the innermost directory to the caller (-1 when it is the root).
  int releaseTop() {
    if (opened_.empty()) return -1;
    int fd = opened_.back();
    opened_.pop_back();
    return fd;
  }

 private:
  int rootFd_;
  std::vector<int> opened_;
};

// Pushes the components of `path` so that the first is on top (the back).
// Empty components ("a//b") and "." change nothing and are dropped.
void pushComponents(std::string_view path, std::vector<std::string>& pending) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    std::string_view part = path.substr(start, end - start);
    if (!part.empty() && part != ".") parts.emplace_back(part);
    start = end + 1;
  }
  for (auto it = parts.rbegin(); it != parts.rend(); ++it) pending.push_back(std::move(*it));
}

// Reads `name` in `dirFd` as a symlink: true and its target when it is one.
// `err` is set when the lookup itself failed (other than "not a symlink").
bool readSymlink(int dirFd, const std::string& name, std::string& target, int& err) {
  char buf[PATH_MAX];
  ssize_t n = ::readlinkat(dirFd, name.c_str(), buf, sizeof buf);
  err = 0;
  if (n >= 0) {
    target.assign(buf, static_cast<size_t>(n));
    return true;
  }
  if (errno != EINVAL) err = errno;  // EINVAL: exists and is not a symlink
  return false;
}

}  // namespace

Errno resolvePath(int rootFd, std::string_view path, bool followFinal, ResolvedPath& out) {
  out.reset();
  if (path.empty()) return Errno::NoEnt;
  if (path.find('\0') != std::string_view::npos) return Errno::IlSeq;
  if (path.front() == '/') return Errno::NotCapable;
  bool trailingSlash = path.back() == '/';
  if (trailingSlash) followFinal = true;

  DirectoryStack dirs(rootFd);
  std::vector<std::string> pending;
  pushComponents(path, pending);
  int expansions = 0;
  std::string leaf = ".";
  while (!pending.empty()) {
    std::string comp = std::move(pending.back());
    pending.pop_back();
    bool last = pending.empty();
    if (comp == "..") {
      if (dirs.atRoot()) return Errno::NotCapable;
      dirs.pop();
      continue;
    }
    if (last && !followFinal) {
      leaf = comp;
      break;
    }
    std::string target;
    int err = 0;
    if (readSymlink(dirs.top(), comp, target, err)) {
      if (++expansions > kMaxSymlinkExpansions) return Errno::Loop;
      if (target.empty()) return Errno::NoEnt;
      if (target.front() == '/') return Errno::NotCapable;
      // The target replaces the link, relative to the link's directory.
      pushComponents(target, pending);
      if (last && target.back() == '/') trailingSlash = true;
      continue;
    }
    if (last) {
      if (err != 0 && err != ENOENT) return errnoFromHost(err);
      leaf = comp;  // may not exist yet: path_open with O_CREAT, mkdir, ...
      break;
    }
    if (err != 0) return errnoFromHost(err);
    int fd = ::openat(dirs.top(), comp.c_str(), O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) return errnoFromHost(errno);
    dirs.push(fd);
  }
  int owned = dirs.releaseTop();
  out.dirFd_ = owned >= 0 ? owned : rootFd;
  out.ownsDirFd_ = owned >= 0;
  out.name_ = std::move(leaf);
  out.trailingSlash_ = trailingSlash;
  return Errno::Success;
}

}  // namespace ember::wasi
