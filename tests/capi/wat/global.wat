(module
  (global $in_const (import "" "const") f32)
  (global $in_var (import "" "var") (mut i64))
  (global $own (export "own") (mut i32) (i32.const 7))
  (func (export "get_in_const") (result f32) (global.get $in_const))
  (func (export "get_in_var") (result i64) (global.get $in_var))
  (func (export "set_in_var") (param i64) (global.set $in_var (local.get 0)))
  (func (export "get_own") (result i32) (global.get $own)))
