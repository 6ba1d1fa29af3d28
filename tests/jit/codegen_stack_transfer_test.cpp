// The register step of stack_transfer.h on a simulated register file:
// every permutation-like move set, cycles included, must leave each
// destination with its source's original value.
#include <gtest/gtest.h>

#include <map>
#include <vector>

#include "jit/stack_transfer.h"

namespace ember {
namespace {

using x64::rax;
using x64::rcx;
using x64::rdi;
using x64::rdx;
using x64::rsi;

// Runs the moves on a map from register to value and checks the outcome.
void check(std::vector<RegisterMove> moves) {
  std::map<uint8_t, int> file;  // key: GP code, FP code + 64
  auto key = [](Reg r) { return static_cast<uint8_t>(r.code() + (r.isFp() ? 64 : 0)); };
  for (int i = 0; i < 16; i++) {
    file[static_cast<uint8_t>(i)] = 100 + i;
    file[static_cast<uint8_t>(64 + i)] = 200 + i;
  }
  std::map<uint8_t, int> expected = file;
  for (const RegisterMove& m : moves) expected[key(m.dst)] = file[key(m.src)];
  int emitted = 0;
  emitParallelMoves(moves, [&](ValType, Reg d, Reg s) {
    file[key(d)] = file[key(s)];
    emitted++;
  });
  for (const auto& [reg, value] : expected) {
    if (reg == key(RegisterConventions::kScratchGp) || reg == key(RegisterConventions::kScratchFp))
      continue;
    EXPECT_EQ(file[reg], value) << "register key " << int(reg);
  }
  EXPECT_LE(emitted, 16);
}

TEST(CodegenStackTransfer, ChainsSwapsAndCycles) {
  check({{rdi, rax, ValType::I64}, {rsi, rdi, ValType::I64}});                            // chain
  check({{rax, rdx, ValType::I32}, {rdx, rax, ValType::I32}});                            // swap
  check({{rdi, rsi, ValType::I64}, {rsi, rdx, ValType::I64}, {rdx, rdi, ValType::I64}});  // 3-cycle
  check({{rcx, rcx, ValType::I64}});                                                      // no-op
  check({{x64::xmm0, x64::xmm1, ValType::F64},
         {x64::xmm1, x64::xmm0, ValType::F64},
         {rdi, rsi, ValType::I64},
         {rsi, rdi, ValType::I64}});  // both classes
  check({{rdi, rax, ValType::I64},
         {rsi, rax, ValType::I64},
         {rax, rdi, ValType::I64}});  // fan-out + cycle
}

}  // namespace
}  // namespace ember
