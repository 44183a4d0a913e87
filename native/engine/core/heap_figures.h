// The engine process's memory as its malloc (glibc's, or jemalloc when the SDK
// preloaded it) and the kernel see it: what tells a leak (bytes in use growing)
// from the allocator keeping freed memory (resident size growing while bytes in
// use stay flat).
#pragma once

#include <cstdint>

namespace dn::engine {

struct HeapFigures {
  uint64_t in_use_bytes = 0;  // handed out and not freed: mallinfo2 uordblks + hblkhd; jemalloc stats.allocated
  uint64_t free_bytes = 0;    // kept by malloc: mallinfo2 fordblks; jemalloc stats.resident - stats.allocated
  uint64_t rss_kib = 0;       // resident set, from /proc/self/statm
};

// With `trim`, free pages first go back to the system: malloc_trim(0), or jemalloc's purge of every arena.
HeapFigures ReadHeapFigures(bool trim);

}  // namespace dn::engine
