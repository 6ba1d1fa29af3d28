#include "runtime/function.h"

#include "runtime/extern.h"
#include "runtime/instance.h"

namespace ember {

Function::Function(Instance* instance, const FuncType& type, uint32_t typeId, uint32_t funcIndex,
                   VMContext* context, const void* code)
    : type_(type), instance_(instance) {
  this->typeId = typeId;
  this->kind = VMFunctionKind::Wasm;
  this->paramCount = static_cast<uint32_t>(type.params.size());
  this->resultCount = static_cast<uint32_t>(type.results.size());
  this->funcIndex = funcIndex;
  this->context = context;
  this->code = code;
}

Function::Function(const FuncType& type, uint32_t typeId, HostCallbackWithCaller callback)
    : type_(type), host_(std::move(callback)) {
  this->typeId = typeId;
  this->kind = VMFunctionKind::Host;
  this->paramCount = static_cast<uint32_t>(type.params.size());
  this->resultCount = static_cast<uint32_t>(type.results.size());
}

Function::Function(const FuncType& type, uint32_t typeId, HostCellCallback callback)
    : type_(type), hostCells_(std::move(callback)) {
  this->typeId = typeId;
  this->kind = VMFunctionKind::Host;
  this->paramCount = static_cast<uint32_t>(type.params.size());
  this->resultCount = static_cast<uint32_t>(type.results.size());
}

Memory* Caller::memory(uint32_t index) { return instance_ ? instance_->memory(index) : nullptr; }

Extern Caller::exportByName(std::string_view name) {
  return instance_ ? instance_->exportByName(name) : Extern{};
}

}  // namespace ember
