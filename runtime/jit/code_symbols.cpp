#include "runtime/jit/code_symbols.h"

#include "runtime/format/error.h"
#include "runtime/jit/engine.h"

namespace ember {

namespace {

// A name goes into line-oriented files (the perf map) and C strings (ELF
// string tables): control characters, NULs included, would cut or split it.
std::string printableName(const std::string& raw) {
  std::string name = raw;
  for (char& c : name) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
  }
  return name;
}

}  // namespace

std::vector<CodeSymbol> codeSymbolsOf(const JitCode& code) {
  const auto& names = code.module().names.functionNames;
  uintptr_t base = reinterpret_cast<uintptr_t>(code.code().data());
  std::vector<CodeSymbol> symbols;
  symbols.reserve(code.functionRanges().size());
  for (const FunctionRange& f : code.functionRanges()) {
    CodeSymbol symbol;
    symbol.start = base + f.begin;
    symbol.size = f.end - f.begin;
    symbol.funcIndex = f.funcIndex;
    auto it = names.find(f.funcIndex);
    symbol.name = it != names.end() && !it->second.empty()
                      ? printableName(it->second)
                      : formatText("wasm[func %u]", f.funcIndex);
    symbols.push_back(std::move(symbol));
  }
  return symbols;
}

}  // namespace ember
