// Direct calls' fields (jit/direct_call.h): the chain of calls waiting for
// a callee, kept in the fields themselves, and the displacements written
// over it, in both backends' formats.
#include "jit/direct_call.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <vector>

namespace ember {
namespace {

constexpr CallFormat kCallRel32{.fieldOffset = 1, .anchorOffset = 1, .addend = -4};
constexpr CallFormat kBranchAndLink{.bitCount = 26, .discardBits = 2};
constexpr uint32_t kBl = 0x94000000;

uint32_t wordAt(const std::vector<uint8_t>& code, size_t at) {
  uint32_t word;
  std::memcpy(&word, code.data() + at, 4);
  return word;
}

// Three x86-64 calls at 0, 16 and 40 wait for one callee; walking the
// chain from the newest gives them back, newest first.
TEST(DirectCall, AChainOfWaitingCallsLivesInTheirFields) {
  std::vector<uint8_t> code(64, 0x90);
  const uint32_t calls[] = {0, 16, 40};
  uint32_t head = kNoCall;
  for (uint32_t call : calls) {
    code[call] = 0xE8;
    ASSERT_TRUE(writeCallLink(code, call, kCallRel32, head));
    head = call;
  }
  EXPECT_EQ(code[16], 0xE8);  // the opcode stays
  std::vector<uint32_t> walked;
  for (uint32_t call = head; call != kNoCall; call = readCallLink(code, call, kCallRel32))
    walked.push_back(call);
  EXPECT_EQ(walked, (std::vector<uint32_t>{40, 16, 0}));

  // The callee begins at 60: each gets `60 - (call + 5)`.
  for (uint32_t call = head; call != kNoCall;) {
    const uint32_t previous = readCallLink(code, call, kCallRel32);
    ASSERT_TRUE(writeCallDisplacement(code, PendingCall{7, call, kCallRel32}, 0, 60));
    call = previous;
  }
  EXPECT_EQ(static_cast<int32_t>(wordAt(code, 1)), 55);
  EXPECT_EQ(static_cast<int32_t>(wordAt(code, 17)), 39);
  EXPECT_EQ(static_cast<int32_t>(wordAt(code, 41)), 15);
}

// AArch64's `bl` keeps its opcode bits; links and displacements are in
// words, in the low 26 bits.
TEST(DirectCall, BranchAndLinkKeepsItsOpcodeAndCountsInWords) {
  std::vector<uint8_t> code(32, 0);
  for (size_t at = 0; at < code.size(); at += 4) std::memcpy(code.data() + at, &kBl, 4);
  ASSERT_TRUE(writeCallLink(code, 8, kBranchAndLink, kNoCall));
  ASSERT_TRUE(writeCallLink(code, 20, kBranchAndLink, 8));
  EXPECT_EQ(wordAt(code, 20), kBl | (8 / 4 + 1));
  EXPECT_EQ(readCallLink(code, 20, kBranchAndLink), 8u);
  EXPECT_EQ(readCallLink(code, 8, kBranchAndLink), kNoCall);

  ASSERT_TRUE(writeCallDisplacement(code, PendingCall{1, 20, kBranchAndLink}, 0, 4));
  EXPECT_EQ(wordAt(code, 20), kBl | ((static_cast<uint32_t>(-4)) & 0x3FFFFFF));  // back 4 words
  ASSERT_TRUE(writeCallDisplacement(code, PendingCall{1, 8, kBranchAndLink}, 0, 28));
  EXPECT_EQ(wordAt(code, 8), kBl | 5);
}

// What does not fit is refused, never written: a link past 26 bits of
// words, a displacement out of reach or not in whole words, a field past
// the code.
TEST(DirectCall, WhatDoesNotFitIsRefused) {
  std::vector<uint8_t> code(8, 0);
  std::memcpy(code.data() + 4, &kBl, 4);
  EXPECT_FALSE(writeCallLink(code, 4, kBranchAndLink, uint32_t{1} << 28));  // 256 MiB
  EXPECT_TRUE(writeCallLink(code, 4, kBranchAndLink, (uint32_t{1} << 28) - 8));
  EXPECT_FALSE(writeCallLink(code, 6, kCallRel32, kNoCall));  // field past the end

  const PendingCall bl = PendingCall{1, 4, kBranchAndLink};
  const uint32_t before = wordAt(code, 4);
  EXPECT_FALSE(writeCallDisplacement(code, bl, 0, 4 + (uint32_t{1} << 27)));  // 128 MiB on
  EXPECT_FALSE(writeCallDisplacement(code, bl, 0, 6));                        // not a whole word
  EXPECT_EQ(wordAt(code, 4), before);
}

}  // namespace
}  // namespace ember
