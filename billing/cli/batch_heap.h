// The heap of a command that runs once and ends (import, bill), not of the
// server, which runs for months and gives freed memory back.
#pragma once

#include <malloc.h>

namespace vardavtal {

// Keeps the blocks a command frees in its heap for its own next allocations,
// instead of handing them back to the system and taking page faults when it
// allocates again: glibc maps a block above its mapping threshold (128 KiB at
// first, raised up to 32 MiB as mapped blocks are freed) and unmaps it when
// freed, and trims a heap's top above twice that threshold. Fixes the mapping
// threshold at 32 MiB (64-bit glibc's largest) and the trim threshold at
// 512 MiB. Call before the command's threads start. `bill` still hands its
// memory back when its run ends (malloc_trim, release_freed_memory).
// Measured in docs/benchmarks.md, "A batch command's heap".
inline void keep_freed_memory_for_reuse() {
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 512 << 20);
}

}  // namespace vardavtal
