// The encoding of JIT code's pc -> wasm offset map (jit/masm.h), shared by
// the compiler that writes it, the runtime that reads it for backtraces and
// precompiled artifacts that carry it (so a contract, in abi/). Each
// function has its own run of entries, in code order: the entry's code
// offset minus the previous one's (the function's start for the first),
// unsigned LEB128, then its body offset minus the previous one's (0 for the
// first), signed LEB128. Calls and trap sites are a few dozen bytes apart
// and their operators a few bytes, so an entry takes about two bytes
// instead of a pair of u32.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace ember::wasm_offset_map {

inline void appendEntry(std::vector<uint8_t>& out, uint32_t codeDelta, int64_t funcDelta) {
  if (codeDelta < 0x80 && funcDelta >= -0x40 && funcDelta < 0x40) {  // most entries: 2 bytes
    out.push_back(static_cast<uint8_t>(codeDelta));
    out.push_back(static_cast<uint8_t>(funcDelta & 0x7F));
    return;
  }
  uint64_t u = codeDelta;
  do {
    uint8_t b = u & 0x7F;
    u >>= 7;
    out.push_back(u ? (b | 0x80) : b);
  } while (u);
  for (;;) {
    uint8_t b = funcDelta & 0x7F;
    funcDelta >>= 7;  // arithmetic: keeps the sign
    bool done = (funcDelta == 0 && !(b & 0x40)) || (funcDelta == -1 && (b & 0x40));
    out.push_back(done ? b : (b | 0x80));
    if (done) return;
  }
}

// Walks one function's run. Reads only inside `bytes`; a value that does
// not fit (an offset beyond 4 GiB or below 0, an over-long LEB128) makes it
// stop with malformed() set, so artifacts (untrusted) use the same reader.
class Reader {
 public:
  Reader(std::span<const uint8_t> bytes, uint32_t functionStart)
      : bytes_(bytes), code_(functionStart) {}

  // The next entry, or false at the end of the run (or on malformed input).
  bool next(uint32_t& codeOffset, uint32_t& funcOffset) {
    if (pos_ == bytes_.size() || malformed_) return false;
    uint64_t codeDelta = 0;
    int64_t funcDelta = 0;
    if (!readUnsigned(codeDelta) || !readSigned(funcDelta)) return fail();
    const uint64_t code = uint64_t{code_} + codeDelta;
    const int64_t func = int64_t{func_} + funcDelta;
    if (code > UINT32_MAX || func < 0 || func > int64_t{UINT32_MAX}) return fail();
    code_ = static_cast<uint32_t>(code);
    func_ = static_cast<uint32_t>(func);
    codeOffset = code_;
    funcOffset = func_;
    return true;
  }
  bool malformed() const { return malformed_; }

 private:
  static constexpr int kMaxBytes = 5;  // 35 bits: enough for 32-bit deltas

  bool fail() {
    malformed_ = true;
    return false;
  }
  bool readUnsigned(uint64_t& out) {
    for (int i = 0; i < kMaxBytes && pos_ < bytes_.size(); ++i) {
      uint8_t b = bytes_[pos_++];
      out |= uint64_t{b & 0x7Fu} << (7 * i);
      if (!(b & 0x80)) return true;
    }
    return false;
  }
  bool readSigned(int64_t& out) {
    uint64_t bits = 0;
    for (int i = 0; i < kMaxBytes && pos_ < bytes_.size(); ++i) {
      uint8_t b = bytes_[pos_++];
      bits |= uint64_t{b & 0x7Fu} << (7 * i);
      if (!(b & 0x80)) {
        const int shift = 7 * (i + 1);
        if (b & 0x40) bits |= ~uint64_t{0} << shift;  // sign-extend
        out = static_cast<int64_t>(bits);
        return true;
      }
    }
    return false;
  }

  std::span<const uint8_t> bytes_;
  size_t pos_ = 0;
  uint32_t code_;
  uint32_t func_ = 0;
  bool malformed_ = false;
};

}  // namespace ember::wasm_offset_map
