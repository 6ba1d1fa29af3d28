// The WASI sandbox: resolves a guest path beneath a preopened directory so
// that no path — with "..", an absolute path, or a symlink anywhere in it —
// reaches outside that directory.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "runtime/wasi/wasi_errno.h"

namespace ember::wasi {

// Where a guest path ended up: the directory holding its last component
// (an fd the caller uses with the *at calls) and that component's name
// ("." when the path names the directory itself). Closes what it opened.
class ResolvedPath {
 public:
  ResolvedPath() = default;
  ~ResolvedPath();
  ResolvedPath(ResolvedPath&& other) noexcept;
  ResolvedPath& operator=(ResolvedPath&& other) noexcept;
  ResolvedPath(const ResolvedPath&) = delete;
  ResolvedPath& operator=(const ResolvedPath&) = delete;

  int dirFd() const { return dirFd_; }
  const std::string& name() const { return name_; }
  // The guest path ended in '/': the result must be a directory.
  bool trailingSlash() const { return trailingSlash_; }

 private:
  friend Errno resolvePath(int, std::string_view, bool, ResolvedPath&);
  void reset();

  int dirFd_ = -1;
  bool ownsDirFd_ = false;
  std::string name_;
  bool trailingSlash_ = false;
};

// Most symlinks one resolution expands (Linux's MAXSYMLINKS); more is ELOOP.
inline constexpr int kMaxSymlinkExpansions = 40;

// Resolves `path` beneath the directory `rootFd`. The walk is done here,
// one component at a time, instead of by the kernel: each intermediate
// directory is opened with O_NOFOLLOW relative to the previous one, every
// symlink is read and expanded by us (relative targets only), and ".." is
// taken on our own stack of opened directories, so it cannot climb above
// `rootFd`. The last component is expanded only when `followFinal` (or the
// path ends in '/'); the caller then operates on (dirFd, name) with calls
// that do not follow a final symlink (O_NOFOLLOW, AT_SYMLINK_NOFOLLOW),
// which closes the race of a component swapped for a symlink afterwards.
// Why not openat2(RESOLVE_BENEATH): it needs Linux 5.6 and still leaves
// absolute symlink targets to a policy of its own; one walk in user space
// behaves the same on every kernel, and costs a few syscalls per component.
// Errors: NotCapable for an escape (absolute path or target, ".." above
// the root), Loop for too many symlinks, NoEnt/NotDir as the host reports.
Errno resolvePath(int rootFd, std::string_view path, bool followFinal, ResolvedPath& out);

}  // namespace ember::wasi
