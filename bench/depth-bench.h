/* sbokeh-bench's depth-of-field part (depth.c): `sbokeh-bench depth`.  */
#ifndef SBOKEH_DEPTH_BENCH_H
#define SBOKEH_DEPTH_BENCH_H

#include <glib.h>

/* Prints the table of depth.c's header on stdout; asserts nothing.  */
void bench_depth (int      threads,
                  gboolean quick);

#endif /* SBOKEH_DEPTH_BENCH_H */
