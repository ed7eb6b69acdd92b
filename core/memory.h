/* Separable Bokeh: large buffers, on huge pages where the system has them.
 *
 * The passes walk their buffers in rows a whole image row apart (a band's
 * rows, a strip's ring of 2r + 1 rows): with 4 KiB pages nearly every row
 * is another page, and the ring of one strip at radius 200 spans 1 600 of
 * them, far more than the TLB holds.  Buffers of SBOKEH_MEMORY_HUGE bytes
 * or more are therefore aligned to that size and offered to the kernel
 * for transparent huge pages (Linux madvise (MADV_HUGEPAGE): many systems
 * give huge pages only to memory that asks).  Elsewhere, or when the
 * kernel declines, they are ordinary memory; nothing else changes.
 */
#ifndef SBOKEH_MEMORY_H
#define SBOKEH_MEMORY_H

#include <glib.h>

/* A huge page on x86-64 and most 64-bit ARM kernels.  */
#define SBOKEH_MEMORY_HUGE ((gsize) 2 << 20)

/* n × size bytes, uninitialised; NULL when the product overflows or the
 * memory is not there.  Free with sbokeh_memory_free ().  */
void *sbokeh_memory_alloc (gsize n,
                           gsize size);
void  sbokeh_memory_free  (void *p);

#endif /* SBOKEH_MEMORY_H */
