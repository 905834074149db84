#pragma once
// Process-wide allocator settings for the simulation's executables.

namespace cs {

/// Keeps memory the simulation frees for its next use: with glibc, blocks up to 32 MiB come from
/// the heap instead of fresh mappings, and freed memory is not handed back to the system. A step
/// at 1,000,000 firms allocates and frees scratch arrays of a few MiB in many phases; from fresh
/// mappings each of their pages costs a page fault on first touch, every month. At 1,000,000
/// firms it no longer costs resident memory measurably (docs/performance.md, "Bytes per firm").
/// No effect elsewhere.
void retain_freed_memory();

}  // namespace cs
