// The WASI fuzzer's witness that nothing escapes the preopen: a scratch tree
// made per run, with the preopened directory nested inside it and secret
// files and directories beside it (and symlinks inside the preopen that
// point out), and the checks that
//   - nothing outside the preopen is created, removed or changed: every
//     entry of the tree outside the preopen keeps its type, mode, size,
//     mtime, link count, symlink target and content hash;
//   - no guest descriptor refers to anything outside the preopen;
//   - no byte sequence of a secret file reaches guest memory.
// A failed check is returned as a message, for the fuzzer to abort with.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace ember::fuzz {

class SandboxWitness {
 public:
  // Makes the tree under `baseDir` (which must exist, and hold nothing
  // else: an entry appearing there beside the tree is a change outside);
  // nullptr and an error message when it cannot.
  static std::unique_ptr<SandboxWitness> create(const std::string& baseDir, std::string& error);
  ~SandboxWitness();  // removes the tree
  SandboxWitness(const SandboxWitness&) = delete;
  SandboxWitness& operator=(const SandboxWitness&) = delete;

  // The directory to preopen (its canonical path).
  const std::string& preopen() const { return preopen_; }

  // A description of the first change outside the preopen since create().
  std::optional<std::string> changedOutside() const;
  // A description of why host descriptor `hostFd` is not inside the preopen.
  std::optional<std::string> outsideDescriptor(int hostFd) const;
  // Where a secret file's content appears in `memory`, described. Reads of
  // 15 bytes or more are recognised (see kSecretWord in the .cpp).
  std::optional<std::string> secretIn(std::span<const uint8_t> memory) const;

 private:
  struct Entry {
    std::string path;  // relative to root_
    uint32_t mode = 0;
    uint64_t size = 0, nlink = 0, mtimeNs = 0, contentHash = 0;
    std::string linkTarget;
    bool operator==(const Entry&) const = default;
  };
  SandboxWitness() = default;
  bool build(std::string& error);
  std::vector<Entry> snapshot() const;
  void snapshotDir(const std::string& relative, std::vector<Entry>& out) const;

  std::string base_;     // holds root_ and nothing else while a run lasts
  std::string root_;     // the scratch tree
  std::string preopen_;  // root_/box/sandbox
  std::vector<Entry> before_;
};

}  // namespace ember::fuzz
