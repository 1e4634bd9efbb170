#!/usr/bin/env -S MALLOC_ARENA_MAX=2 MALLOC_MMAP_THRESHOLD_=131072 node --max-old-space-size=320
// An embedded Reel aims at 512 MB. A bounded heap makes V8 collect garbage before the process grows. glibc's
// malloc keeps what threads free: two arenas instead of one per thread, and buffers over 128 KB (request
// bodies, query results copied out of PGlite) mapped apart and returned when freed, keep 40-60 MB less resident.
import '../dist/cli/main.js'
