/* Separable Bokeh: work split into parts for GEGL's threads.
 *
 * gegl_parallel_distribute (n, func, data) calls func (i, n, data) for
 * i = 0 … n − 1 on its threads; each part takes an equal share of the
 * rows (or strips) in order, so that the parts cover the whole exactly
 * once and differ by at most one.  In 64-bit arithmetic: count × n fits
 * for any int count and thread count.
 */
#ifndef SBOKEH_PARTS_H
#define SBOKEH_PARTS_H

#include <glib.h>

/* Part i of n of count, as [*first, *last).  */
static inline void
sbokeh_parts_share (int  count,
                    int  i,
                    int  n,
                    int *first,
                    int *last)
{
  *first = (int) ((gint64) count * i / n);
  *last  = (int) ((gint64) count * (i + 1) / n);
}

#endif /* SBOKEH_PARTS_H */
