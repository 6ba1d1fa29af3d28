;; select on a comparison: a compare and a conditional move, no 0/1 value;
;; eqz of the comparison flips the condition.
(module
  (func (export "f") (param i32 i32) (result i32)
    (i32.add
      (select (local.get 0) (local.get 1) (i32.gt_s (local.get 0) (local.get 1)))
      (select (i32.const 7) (local.get 1) (i32.eqz (i32.lt_u (local.get 0) (i32.const 100)))))))
