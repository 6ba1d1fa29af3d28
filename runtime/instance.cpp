#include "runtime/instance.h"

namespace ember {

Instance::Instance(Store& store, std::shared_ptr<const CompiledModule> module)
    : store_(&store), module_(std::move(module)) {}

Extern Instance::exportByName(std::string_view name) const {
  auto it = exportIndex_.find(std::string(name));
  return it == exportIndex_.end() ? Extern{} : exports_[it->second].second;
}

}  // namespace ember
