;; Names for the `name` section test: wat2wasm --debug-names writes the
;; module, function and local names below.
(module $named_module
  (import "env" "log" (func $log (param i32)))
  (func $add (param $lhs i32) (param $rhs i32) (result i32)
    (local $sum i32)
    (local.set $sum (i32.add (local.get $lhs) (local.get $rhs)))
    (local.get $sum))
  (func $unnamed_locals (param i32))
)
