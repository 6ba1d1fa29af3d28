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
  // The guest path ended in '/' (or "/." or "/.."): the result must be a directory.
  bool trailingSlash() const { return trailingSlash_; }
  // The guest path's last component was "." or ".." ("dir/.", ".."): POSIX
  // refuses to remove or rename such a path (rmdir gives EINVAL).
  bool endsInDot() const { return endsInDot_; }
  // How many directories below the root `dirFd` is.
  uint32_t depth() const { return depth_; }

 private:
  friend Errno resolvePath(int, std::string_view, bool, ResolvedPath&, bool);
  void reset();

  int dirFd_ = -1;
  bool ownsDirFd_ = false;
  std::string name_;
  bool trailingSlash_ = false;
  bool endsInDot_ = false;
  uint32_t depth_ = 0;
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
// A path ending in '/' follows its last symlink as POSIX says (open,
// stat), unless `slashFollows` is false: unlink, rmdir, rename and the
// destinations of link and symlink work on the name itself (and check the
// slash themselves), as Linux does. A path ending in "/." or "/.." always
// resolves its last real component as a directory.
// Errors: NameTooLong for a path of PATH_MAX bytes or more (at once, before
// anything is allocated for it), NotCapable for an escape (absolute path or
// target, ".." above the root), Loop for too many symlinks, NoEnt/NotDir as
// the host reports.
Errno resolvePath(int rootFd, std::string_view path, bool followFinal, ResolvedPath& out,
                  bool slashFollows = true);

// True when a symlink made `depth` directories below the root with this
// relative `target` would, read lexically, name something above the root.
bool symlinkTargetClimbsOut(std::string_view target, uint32_t depth);

}  // namespace ember::wasi
