// No work: measures a runtime's start-up and module load, subtracted from
// the other kernels' times.
__attribute__((export_name("run"))) int run(void) { return 0; }
