#include "runtime/instance.h"

#include "runtime/memory.h"
#include "runtime/store.h"
#include "runtime/table.h"

namespace ember {

Instance::Instance(Store& store, std::shared_ptr<const CompiledModule> module)
    : store_(&store), module_(std::move(module)) {}

Instance::~Instance() { store_->tableElements().give(passiveItems_); }

void Instance::dropElemSegment(uint32_t index) {
  std::vector<void*>& items = elemItems_[index];
  store_->tableElements().give(items.size());
  passiveItems_ -= items.size();
  std::vector<void*>().swap(items);
  elems_[index] = VMElemSegment{};
}

Extern Instance::exportByName(std::string_view name) const {
  exportsShared_ = true;
  auto it = exportIndex_.find(std::string(name));
  return it == exportIndex_.end() ? Extern{} : exports_[it->second].second;
}

std::span<Function* const> Instance::ownFunctions() const {
  return std::span(functions_).subspan(module_->module().importedFuncCount);
}
std::span<Table* const> Instance::ownTables() const {
  return std::span(tables_).subspan(module_->module().importedTableCount);
}
std::span<Memory* const> Instance::ownMemories() const {
  return std::span(memories_).subspan(module_->module().importedMemoryCount);
}
std::span<GlobalInstance* const> Instance::ownGlobals() const {
  return std::span(globals_).subspan(module_->module().importedGlobalCount);
}

void Instance::stopMirroring() {
  if (!memories_.empty()) memories_[0]->stopMirroring(memoryMirror_);
  if (!tables_.empty()) tables_[0]->stopMirroring(tableMirror_);
}

bool Instance::reclaimable() const {
  if (exportsShared_) return false;
  const Module& m = module_->module();
  for (const Import& imp : m.imports) {
    if (imp.kind == ExternKind::Table || imp.kind == ExternKind::Global) return false;
    if (imp.kind != ExternKind::Func) continue;
    const FuncType& type = m.types[imp.funcTypeIndex];
    for (ValType t : type.params)
      if (isRefType(t)) return false;
    for (ValType t : type.results)
      if (isRefType(t)) return false;
  }
  return true;
}

}  // namespace ember
