(module
  (func $fail (import "" "fail") (result i32))
  (func $inner (unreachable))
  (func $middle (call $inner))
  (func (export "call_fail") (result i32) (call $fail))
  (func (export "unreachable") (call $middle)))
