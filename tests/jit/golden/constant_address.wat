;; Loads and stores at constant addresses (a C program's static variables)
;; take the address as the access's displacement, with no index register.
(module
  (memory 1)
  (func (export "f") (param i32) (result i32)
    (i32.store offset=4 (i32.const 3768) (local.get 0))
    (i32.load (i32.const 3776))))
