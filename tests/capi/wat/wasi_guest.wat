;; A WASI command for tests/capi/wasi.c: prints its arguments and its
;; environment (one entry a line), then the contents of "input.txt" from
;; the preopened directory (fd 3), then exits with code 7 through proc_exit.
(module
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_get" (func $args_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "environ_sizes_get" (func $environ_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "environ_get" (func $environ_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_open"
    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  ;; 0: counts; 32: an iovec; 40: bytes written/read; 48: the opened fd;
  ;; 512: the file name; 1024: pointer arrays; 4096: strings; 8192: file data.
  (data (i32.const 512) "input.txt")

  ;; NUL-terminated strings become lines.
  (func $nul_to_newline (param $ptr i32) (param $len i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $ptr) (local.get $len)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $ptr) (local.get $end)))
        (if (i32.eqz (i32.load8_u (local.get $ptr)))
          (then (i32.store8 (local.get $ptr) (i32.const 10))))
        (local.set $ptr (i32.add (local.get $ptr) (i32.const 1)))
        (br $next))))

  (func $print (param $ptr i32) (param $len i32)
    (i32.store (i32.const 32) (local.get $ptr))
    (i32.store (i32.const 36) (local.get $len))
    (drop (call $fd_write (i32.const 1) (i32.const 32) (i32.const 1) (i32.const 40))))

  ;; Exits with `code` when `errno` is not zero.
  (func $check (param $errno i32) (param $code i32)
    (if (local.get $errno) (then (call $proc_exit (local.get $code)))))

  (func (export "_start")
    (call $check (call $args_sizes_get (i32.const 0) (i32.const 4)) (i32.const 101))
    (call $check (call $args_get (i32.const 1024) (i32.const 4096)) (i32.const 102))
    (call $nul_to_newline (i32.const 4096) (i32.load (i32.const 4)))
    (call $print (i32.const 4096) (i32.load (i32.const 4)))

    (call $check (call $environ_sizes_get (i32.const 0) (i32.const 4)) (i32.const 103))
    (call $check (call $environ_get (i32.const 1024) (i32.const 4096)) (i32.const 104))
    (call $nul_to_newline (i32.const 4096) (i32.load (i32.const 4)))
    (call $print (i32.const 4096) (i32.load (i32.const 4)))

    ;; path_open(dirfd 3, follow symlinks, "input.txt", no oflags, fd_read | fd_seek rights)
    (call $check
      (call $path_open (i32.const 3) (i32.const 1) (i32.const 512) (i32.const 9) (i32.const 0)
                       (i64.const 6) (i64.const 0) (i32.const 0) (i32.const 48))
      (i32.const 105))
    (i32.store (i32.const 32) (i32.const 8192))
    (i32.store (i32.const 36) (i32.const 1024))
    (call $check
      (call $fd_read (i32.load (i32.const 48)) (i32.const 32) (i32.const 1) (i32.const 40))
      (i32.const 106))
    (call $print (i32.const 8192) (i32.load (i32.const 40)))
    (call $proc_exit (i32.const 7))))
