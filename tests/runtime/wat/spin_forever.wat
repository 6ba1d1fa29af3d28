;; A command that never ends: only `ember run --timeout` or `--fuel` stops it
;; (the ember_run_timeout ctest).
(module
  (func $spin (loop $l (br $l)))
  (func (export "_start") (call $spin)))
