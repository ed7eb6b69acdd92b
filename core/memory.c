/* Separable Bokeh: large buffers (see memory.h). */

/* madvise () and MADV_HUGEPAGE are outside POSIX.  */
#define _DEFAULT_SOURCE 1

#include "config.h"

#include <stdlib.h>

#include <glib.h>
#ifdef G_OS_UNIX
#include <sys/mman.h>
#endif

#include "memory.h"

void *
sbokeh_memory_alloc (gsize n,
                     gsize size)
{
  gsize bytes;

  if (! g_size_checked_mul (&bytes, n, size) || bytes == 0)
    return NULL;
#ifdef G_OS_UNIX
  if (bytes >= SBOKEH_MEMORY_HUGE)
    {
      void *p = NULL;

      if (posix_memalign (&p, SBOKEH_MEMORY_HUGE, bytes) != 0)
        return NULL;
#ifdef MADV_HUGEPAGE
      /* Advice only: a refusal leaves ordinary pages.  */
      (void) madvise (p, bytes, MADV_HUGEPAGE);
#endif
      return p;
    }
  return malloc (bytes);
#else
  return g_try_malloc (bytes);
#endif
}

void
sbokeh_memory_free (void *p)
{
#ifdef G_OS_UNIX
  free (p);
#else
  g_free (p);
#endif
}
