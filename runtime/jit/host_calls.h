// wasm -> host calls from JIT code: imported host functions (and host
// functions in tables) get one generic stub as VMFunction::code. It follows
// the internal calling convention (jit/README.md), saves the argument
// registers, and hands them with the caller's frame to C++, which converts
// them to value cells and runs the host callback through VMBuiltins::callHost.
#pragma once

namespace ember {

// The stub's address, for VMFunction::code of host functions.
const void* hostCallStub();

}  // namespace ember
