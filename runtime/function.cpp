#include "runtime/function.h"

#include "runtime/extern.h"
#include "runtime/instance.h"
#include "runtime/type_registry.h"

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

Function::Function(const FuncType& type, TypeRegistry& types, HostCallbackWithCaller callback)
    : type_(type), typeOwner_(&types), host_(std::move(callback)) {
  this->typeId = types.intern(type);
  this->kind = VMFunctionKind::Host;
  this->paramCount = static_cast<uint32_t>(type.params.size());
  this->resultCount = static_cast<uint32_t>(type.results.size());
}

Function::Function(const FuncType& type, TypeRegistry& types, HostCellCallback callback)
    : type_(type), typeOwner_(&types), hostCells_(std::move(callback)) {
  this->typeId = types.intern(type);
  this->kind = VMFunctionKind::Host;
  this->paramCount = static_cast<uint32_t>(type.params.size());
  this->resultCount = static_cast<uint32_t>(type.results.size());
}

// A wasm function's id belongs to its module (CompiledModule::internTypes).
Function::~Function() {
  if (typeOwner_) typeOwner_->release(typeId);
}

Memory* Caller::memory(uint32_t index) { return instance_ ? instance_->memory(index) : nullptr; }

Extern Caller::exportByName(std::string_view name) {
  return instance_ ? instance_->exportByName(name) : Extern{};
}

}  // namespace ember
