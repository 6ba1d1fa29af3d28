#include "runtime/interp/op_profile.h"

#include <algorithm>
#include <cstdio>
#include <string>
#include <unordered_map>
#include <vector>

#include "runtime/interp/code.h"
#include "runtime/interp/instruction_shape.h"

namespace ember::interp {
namespace {

bool inlinable([[maybe_unused]] const FunctionCode& f) {
#if EMBER_INTERP_SUPERINSTRUCTIONS
  return f.inlineBody.inlinable;
#else
  return false;
#endif
}

struct OpProfile {
  std::vector<uint64_t> pairs = std::vector<uint64_t>((kIOpCount + 1) * kIOpCount, 0);
  uint32_t previous = kIOpCount;  // none yet
  uint64_t calls = 0;
  std::unordered_map<const FunctionCode*, uint64_t> callsByCallee;
  // Per function, how often each word ran as an instruction's first word.
  std::unordered_map<const FunctionCode*, std::vector<uint64_t>> byWord;
  const FunctionCode* lastFunc = nullptr;
  std::vector<uint64_t>* lastCounts = nullptr;

  void count(const FunctionCode* func, const uint32_t* pc) {
    uint32_t op = static_cast<uint32_t>(opOfToken(*pc).value_or(IOp::Count_));
    pairs[previous * kIOpCount + op]++;
    previous = op;
    if (func != lastFunc) {
      lastFunc = func;
      lastCounts = &byWord[func];
      lastCounts->resize(func->words.size(), 0);
    }
    (*lastCounts)[pc - func->entry()]++;
  }

  void report() {
    std::vector<uint64_t> single(kIOpCount, 0);
    uint64_t total = 0;
    for (uint32_t p = 0; p <= kIOpCount; ++p)
      for (uint32_t n = 0; n < kIOpCount; ++n) single[n] += pairs[p * kIOpCount + n];
    for (uint64_t c : single) total += c;
    if (total != 0) {
      std::fprintf(stderr, "interp profile: %llu instructions, %llu calls\n",
                   static_cast<unsigned long long>(total), static_cast<unsigned long long>(calls));
      printTop(single, 40, total, false);
      printTop(pairs, 60, total, true);
      printHotCallees();
      printHotFunctions(total);
    }
    std::fill(pairs.begin(), pairs.end(), 0);
    previous = kIOpCount;
    calls = 0;
    callsByCallee.clear();
    byWord.clear();
    lastFunc = nullptr;
  }

  void printTop(const std::vector<uint64_t>& counts, size_t n, uint64_t total, bool pair) const {
    std::vector<uint32_t> order(counts.size());
    for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
    n = std::min(n, order.size());
    std::partial_sort(order.begin(), order.begin() + n, order.end(),
                      [&](uint32_t a, uint32_t b) { return counts[a] > counts[b]; });
    std::fprintf(stderr, pair ? "top pairs:\n" : "top instructions:\n");
    for (size_t i = 0; i < n && counts[order[i]]; ++i) {
      uint32_t k = order[i];
      double share = 100.0 * static_cast<double>(counts[k]) / static_cast<double>(total);
      if (pair) {
        uint32_t p = k / kIOpCount, c = k % kIOpCount;
        std::fprintf(stderr, "  %6.2f%% %-22s -> %s\n", share,
                     p == kIOpCount ? "(entry)" : iopName(static_cast<IOp>(p)),
                     iopName(static_cast<IOp>(c)));
      } else {
        std::fprintf(stderr, "  %6.2f%% %s\n", share, iopName(static_cast<IOp>(k)));
      }
    }
  }

  void printHotCallees() const {
    std::vector<std::pair<uint64_t, const FunctionCode*>> callees;
    for (const auto& [f, n] : callsByCallee) callees.emplace_back(n, f);
    size_t n = std::min<size_t>(10, callees.size());
    std::partial_sort(callees.begin(), callees.begin() + n, callees.end(),
                      [](const auto& a, const auto& b) { return a.first > b.first; });
    std::fprintf(stderr, "top callees:\n");
    for (size_t i = 0; i < n; ++i) {
      const FunctionCode* f = callees[i].second;
      std::fprintf(stderr, "  %6.2f%% function %u (%zu words%s)\n",
                   100.0 * static_cast<double>(callees[i].first) / static_cast<double>(calls),
                   f->funcIndex, f->words.size(), inlinable(*f) ? ", inlinable" : "");
    }
  }

  // The listing of the functions that ran the most instructions, each line
  // with its share of all instructions (lines that never ran are left out).
  void printHotFunctions(uint64_t total) const {
    std::vector<std::pair<uint64_t, const FunctionCode*>> funcs;
    for (const auto& [f, counts] : byWord) {
      uint64_t sum = 0;
      for (uint64_t c : counts) sum += c;
      funcs.emplace_back(sum, f);
    }
    std::sort(funcs.begin(), funcs.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    for (size_t i = 0; i < funcs.size() && i < 4; ++i) {
      const FunctionCode* f = funcs[i].second;
      const std::vector<uint64_t>& counts = byWord.at(f);
      std::fprintf(stderr, "function %u: %.2f%% (%u locals, %u frame slots)\n", f->funcIndex,
                   100.0 * static_cast<double>(funcs[i].first) / static_cast<double>(total),
                   f->localSlots, f->frameSlots);
      std::string listing = disassemble(*f);
      size_t start = 0;
      while (start < listing.size()) {
        size_t end = listing.find('\n', start);
        if (end == std::string::npos) end = listing.size();
        std::string line = listing.substr(start, end - start);
        start = end + 1;
        uint32_t word = static_cast<uint32_t>(std::stoul(line));
        if (word < counts.size() && counts[word])
          std::fprintf(stderr, "  %6.2f%% %s\n",
                       100.0 * static_cast<double>(counts[word]) / static_cast<double>(total),
                       line.c_str());
      }
    }
  }
};

OpProfile gProfile;

}  // namespace

void profileInstruction(const FunctionCode* func, const uint32_t* pc) { gProfile.count(func, pc); }
void profileCall(const FunctionCode* callee) {
  gProfile.calls++;
  gProfile.callsByCallee[callee]++;
}
void profileReport() { gProfile.report(); }

}  // namespace ember::interp
