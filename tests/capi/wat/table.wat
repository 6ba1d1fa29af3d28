(module
  (table (export "table") 2 10 funcref)
  (type $ii (func (param i32) (result i32)))
  (func $double (export "double") (type $ii) (i32.mul (local.get 0) (i32.const 2)))
  (func (export "call_indirect") (param i32 i32) (result i32)
    (call_indirect (type $ii) (local.get 0) (local.get 1)))
  (elem (i32.const 1) $double))
