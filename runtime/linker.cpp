#include "runtime/linker.h"

#include <vector>

#include "runtime/instance.h"

namespace ember {

void Linker::define(std::string_view module, std::string_view name, Extern ext) {
  definitions_[{std::string(module), std::string(name)}] = ext;
}

void Linker::defineInstance(std::string_view moduleName, const Instance* instance) {
  for (const auto& [name, ext] : instance->exports()) define(moduleName, name, ext);
}

Extern Linker::find(std::string_view module, std::string_view name) const {
  auto it = definitions_.find(std::pair<std::string, std::string>(module, name));
  return it == definitions_.end() ? Extern{} : it->second;
}

Result<Instance*> Linker::instantiate(Store& store, std::shared_ptr<const CompiledModule> module) const {
  const Module& m = module->module();
  std::vector<Extern> imports;
  imports.reserve(m.imports.size());
  for (const Import& imp : m.imports) {
    Extern ext = find(imp.module, imp.name);
    if (!ext)
      return Error(ErrorKind::Unlinkable, formatMessage("unknown import: \"%s\".\"%s\"",
                                                        imp.module.c_str(), imp.name.c_str()));
    imports.push_back(ext);
  }
  return ember::instantiate(store, std::move(module), imports);
}

}  // namespace ember
