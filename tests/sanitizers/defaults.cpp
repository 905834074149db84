// Sanitizer settings compiled into every program of a CLUSTERSIM_SANITIZE build, so that they
// hold however a program is started: by ctest, by hand, or as an MPI rank under mpirun (which
// does not pass the environment on). ASAN_OPTIONS, UBSAN_OPTIONS and LSAN_OPTIONS still override.

// Any report ends the program with an error, so a test cannot pass through one.
extern "C" const char* __asan_default_options() { return "detect_leaks=1:halt_on_error=1:strict_string_checks=1"; }
extern "C" const char* __ubsan_default_options() { return "halt_on_error=1:print_stacktrace=1"; }

// OpenMPI allocates at MPI_Init and frees little of it at MPI_Finalize (its own documentation
// says so); these leaks are in the MPI libraries and their plugins, never in ClusterSim's code,
// and failed sweep_mpi. Nothing of ours is suppressed: a leak report names a ClusterSim frame.
extern "C" const char* __lsan_default_suppressions() {
  return "leak:libmpi.so\n"
         "leak:libopen-pal.so\n"
         "leak:libopen-rte.so\n"
         "leak:libpmix.so\n"
         "leak:libhwloc.so\n"
         "leak:libevent\n"
         "leak:mca_\n";
}
