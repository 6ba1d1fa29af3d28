// The Linker: a table of definitions by (module name, field name) that
// resolves a module's imports and instantiates it (spec 4.5.4).
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "runtime/compiled_module.h"
#include "runtime/extern.h"
#include "runtime/format/error.h"

namespace ember {

class Instance;
class Store;

class Linker {
 public:
  // Later definitions of the same name replace earlier ones.
  void define(std::string_view module, std::string_view name, Extern ext);
  void defineInstance(std::string_view moduleName, const Instance* instance);  // all exports
  // nullptr-object Extern when nothing is defined under that name.
  Extern find(std::string_view module, std::string_view name) const;

  // Unlinkable errors for missing/mismatched imports; Trap errors for segment
  // bounds and start-function traps (the instance may then be partially
  // initialised, as the spec says: earlier segments stay written).
  Result<Instance*> instantiate(Store& store, std::shared_ptr<const CompiledModule> module) const;

 private:
  std::map<std::pair<std::string, std::string>, Extern, std::less<>> definitions_;
};

}  // namespace ember
