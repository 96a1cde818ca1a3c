// The heap of a command that runs once and ends (import, bill), not of the
// server, which runs for months and gives freed memory back.
#pragma once

#include <malloc.h>

namespace vardavtal {

// Keeps the blocks a command frees for its own next allocations until it
// ends, instead of handing them back to the system and taking page faults
// when it allocates again (glibc maps blocks above a threshold that it
// raises as it goes, and trims the heap's top above 128 KiB). On the 2-core
// virtual machine of docs/benchmarks.md a page fault costs about 10 µs: a
// SQLite `bill` at scale 10 took 70 000-86 000 faults without this and
// 42 000 with it, `import all` at scale 1 16 500 and 10 600 (docs/benchmarks.md,
// "Huge pages for the server"). Call before the command allocates; `bill`
// still hands its freed memory back when its run ends (malloc_trim).
inline void keep_freed_memory_until_exit() {
  mallopt(M_MMAP_THRESHOLD, 32 << 20);  // glibc's largest; fixed, not raised as blocks are freed
  mallopt(M_TRIM_THRESHOLD, 512 << 20);
}

}  // namespace vardavtal
