;; Locals the JIT keeps in registers across loop back-edges
;; (jit/loop_locals.cpp), in shapes whose registers differ by ISA.
(module
  (func $add5 (param i32 i32 i32 i32 i32) (result i32)
    (i32.add (local.get 0) (local.get 4)))
  ;; $k arrives in a register no merge uses (x86-64 r8, AArch64 x4), which
  ;; the loop's header promises. Its copy reaches $b's end only by the
  ;; br_if edge, from before the write to $k that precedes the label in the
  ;; code; the read after the label relies on the promise, so the back-edge
  ;; must restore the register the call set to 77.
  (func (export "label_after_write")
    (param $n i32) (param i32) (param i32) (param i32) (param $k i32) (result i32)
    (local $i i32) (local $acc i32)
    (block $exit
      (loop $l
        (block $b
          (br_if $b (i32.lt_u (local.get $i) (local.get $n)))
          (local.set $k (i32.const 5))
          (br $exit))
        (local.set $acc (i32.add (local.get $acc) (local.get $k)))
        (drop (call $add5 (local.get $i) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 77)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l)))
    (i32.add (local.get $acc) (local.get $k)))

  ;; A branch from an inner loop to an outer loop's header (the br_if 4 at
  ;; the inner loop's top) must restore every register the outer header
  ;; promises, even one untouched so far: the inner loop, with many locals
  ;; to keep, adopts the register the outer loop keeps local 10 in (for
  ;; local 1), and its preheader runs before that branch runs again. Found
  ;; by the control-flow generator (tests/differential); the outer loop then
  ;; read 0 for local 10 and reached the unreachable. Returns parameter 1.
  (func (export "continue_outer_from_inner") (param i32 i64 i64 f32) (result i64)
    (local i32 f32 i32 f64 i32 f32 i32 i32 i32 i32 i64)
    local.get 8
    i32.clz
    local.set 10
    i32.const 3
    local.set 11
    block
      loop
        local.get 11
        i32.eqz
        br_if 1
        local.get 11
        i32.const 1
        i32.sub
        local.set 11
        block (result i64)
          block (result i32)
            block
              i32.const -196138894
              if (result i64)
                i64.const -4
                local.get 10
                br_if 0
                unreachable
              else
                i64.const 8
                i32.wrap_i64
                local.tee 0
                drop
                local.get 1
                local.tee 1
                i64.const 837399918186564632
                local.get 1
                i64.add
                local.get 0
                local.get 4
                i32.const 32767
                i32.or
                i32.rem_u
                select
              end
              loop (param i64)
                i32.const -8
                br_if 4
                local.get 6
                i32.const 32767
                i32.shr_s
                local.get 0
                f32.convert_i32_u
                local.get 1
                local.get 2
                i64.div_u
                br 0
              end
            end
            unreachable
          end
          unreachable
        end
        local.set 1
      end
    end
    local.get 1))
