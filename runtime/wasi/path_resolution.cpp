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
      trailingSlash_(other.trailingSlash_),
      endsInDot_(other.endsInDot_),
      depth_(other.depth_) {}

ResolvedPath& ResolvedPath::operator=(ResolvedPath&& other) noexcept {
  if (this != &other) {
    reset();
    dirFd_ = std::exchange(other.dirFd_, -1);
    ownsDirFd_ = std::exchange(other.ownsDirFd_, false);
    name_ = std::move(other.name_);
    trailingSlash_ = other.trailingSlash_;
    endsInDot_ = other.endsInDot_;
    depth_ = other.depth_;
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
  uint32_t depth() const { return static_cast<uint32_t>(opened_.size()); }
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

// The last component of `path` ("" for "/"), trailing slashes ignored.
std::string_view lastComponent(std::string_view path) {
  size_t end = path.find_last_not_of('/');
  if (end == std::string_view::npos) return {};
  size_t start = path.find_last_of('/', end);
  start = start == std::string_view::npos ? 0 : start + 1;
  return path.substr(start, end + 1 - start);
}

}  // namespace

bool symlinkTargetClimbsOut(std::string_view target, uint32_t depth) {
  int64_t level = depth;
  size_t start = 0;
  while (start <= target.size()) {
    size_t end = target.find('/', start);
    if (end == std::string_view::npos) end = target.size();
    std::string_view part = target.substr(start, end - start);
    if (part == "..") {
      if (--level < 0) return true;
    } else if (!part.empty() && part != ".") {
      ++level;
    }
    start = end + 1;
  }
  return false;
}

Errno resolvePath(int rootFd, std::string_view path, bool followFinal, ResolvedPath& out,
                  bool slashFollows) {
  out.reset();
  if (path.size() >= PATH_MAX) return Errno::NameTooLong;  // what the host's calls would say
  if (path.empty()) return Errno::NoEnt;
  if (path.find('\0') != std::string_view::npos) return Errno::IlSeq;
  if (path.front() == '/') return Errno::NotCapable;
  std::string_view lastName = lastComponent(path);
  bool endsInDot = lastName == "." || lastName == "..";
  bool trailingSlash = path.back() == '/' || endsInDot;
  if ((trailingSlash && slashFollows) || endsInDot) followFinal = true;

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
  out.depth_ = dirs.depth();
  int owned = dirs.releaseTop();
  out.dirFd_ = owned >= 0 ? owned : rootFd;
  out.ownsDirFd_ = owned >= 0;
  out.name_ = std::move(leaf);
  out.trailingSlash_ = trailingSlash;
  out.endsInDot_ = endsInDot;
  return Errno::Success;
}

}  // namespace ember::wasi
