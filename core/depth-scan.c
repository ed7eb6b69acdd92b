/* Separable Bokeh: depth of field's scans of the picture (depth-private.h):
 * the blur radius of every pixel with the ladder's tallies, then the
 * slice coordinates and each slice's box.  Each runs on GEGL's threads,
 * each part of the work area's rows with its own tallies, merged after;
 * a map holds runs of one value, so each run's model and coordinate are
 * computed once, in place in dof->t.  Memory: a part's ladder (about
 * 7 KiB) or boxes (4 ints per slice).  */
#include "config.h"

#include <math.h>
#include <string.h>

#include "depth-private.h"

/* Rows per part (fewer would cost more in GEGL's per-call overhead than
 * they share out), and parts at most (GEGL's threads are fewer).  */
#define PART_MIN_ROWS      16
#define SCAN_PARTS_MAX     64

typedef struct
{
  SbokehDepthRun    *dof;
  GeglBuffer        *map;
  const Babl        *format;
  /* per part */
  double             lo[SCAN_PARTS_MAX], hi[SCAN_PARTS_MAX];
  SbokehDepthLadder *ladders;
  int               *bounds;   /* x0, x1, y0, y1 per slice, per part */
} Scan;

/* Part i of n of the work area's rows; its first row of t.  */
static float *
scan_part (const Scan    *scan,
           gint           i,
           gint           n,
           GeglRectangle *part)
{
  const GeglRectangle *w = &scan->dof->work;
  int                  y0 = (int) ((gint64) w->height * i / n);
  int                  y1 = (int) ((gint64) w->height * (i + 1) / n);

  *part = (GeglRectangle) { w->x, w->y + y0, w->width, y1 - y0 };
  return scan->dof->t + (gsize) y0 * w->width;
}

/* Pass 1: the signed radius of every pixel into dof->t, its range, the
 * ladder's tallies.  */
static void
radii_part (gint     i,
            gint     n,
            gpointer data)
{
  Scan              *scan = data;
  SbokehDepthRun    *dof = scan->dof;
  SbokehDepthLadder *ladder = &scan->ladders[i];
  GeglRectangle      part;
  float             *d = scan_part (scan, i, n, &part), last_in = NAN;
  float              last = 0.0f;
  double             lo = G_MAXDOUBLE, hi = -G_MAXDOUBLE;
  gsize              count = (gsize) part.width * part.height, k, run = 0;

  if (count)
    gegl_buffer_get (scan->map, &part, 1.0, scan->format, d,
                     GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_CLAMP);
  for (k = 0; k < count; k++)
    {
      /* Maps hold runs of one value: each run is counted once.  */
      if (d[k] != last_in)
        {
          if (run)
            sbokeh_depth_ladder_count (ladder, fabsf (last), run);
          run = 0;
          last_in = d[k];
          last = (float) sbokeh_depth_radius (dof->depth, dof->params->radius,
                                              d[k]);
          if (fabsf (last) < SBOKEH_DEPTH_RADIUS_FLOOR)
            last = 0.0f;
          lo = MIN (lo, last);
          hi = MAX (hi, last);
        }
      run++;
      d[k] = last;
    }
  if (run)
    sbokeh_depth_ladder_count (ladder, fabsf (last), run);
  scan->lo[i] = lo;
  scan->hi[i] = hi;
}

static int
scan_parts (const SbokehDepthRun *dof)
{
  return CLAMP (dof->work.height / PART_MIN_ROWS, 1, SCAN_PARTS_MAX);
}

SbokehStatus
sbokeh_depth_scan_radii (SbokehDepthRun *dof,
                         GeglBuffer     *depth_map,
                         double         *lo,
                         double         *hi)
{
  Scan scan;
  int  i, n = scan_parts (dof);

  memset (&scan, 0, sizeof (scan));
  scan.dof = dof;
  scan.map = depth_map;
  scan.format = babl_format_with_space ("Y' float",
                                        gegl_buffer_get_format (depth_map));
  scan.ladders = g_try_new0 (SbokehDepthLadder, n);
  if (! scan.ladders)
    return SBOKEH_ERROR_NO_MEMORY;
  for (i = 0; i < n; i++)
    {
      scan.lo[i] = G_MAXDOUBLE;
      scan.hi[i] = -G_MAXDOUBLE;
    }
  gegl_parallel_distribute (n, radii_part, &scan);
  *lo = G_MAXDOUBLE;
  *hi = -G_MAXDOUBLE;
  for (i = 0; i < n; i++)
    {
      *lo = MIN (*lo, scan.lo[i]);
      *hi = MAX (*hi, scan.hi[i]);
      sbokeh_depth_ladder_merge (&dof->ladder, &scan.ladders[i]);
    }
  g_free (scan.ladders);
  return SBOKEH_OK;
}

/* The pixels x0 … x1 of row y belong to slices first … last.  */
static inline void
widen (int *b,
       int  first,
       int  last,
       int  x0,
       int  x1,
       int  y)
{
  int k;

  for (k = first; k <= last; k++)
    {
      int *q = b + 4 * k;

      q[0] = MIN (q[0], x0);
      q[1] = MAX (q[1], x1);
      q[2] = MIN (q[2], y);
      q[3] = MAX (q[3], y);
    }
}

/* Pass 2: radii to slice coordinates, and the box of each slice (each
 * row's runs of one value widen the boxes once).  */
static void
slices_part (gint     i,
             gint     n,
             gpointer data)
{
  Scan           *scan = data;
  SbokehDepthRun *dof = scan->dof;
  const int       slices = 2 * dof->ladder.n + 1;
  int            *b = scan->bounds + (gsize) i * 4 * slices;
  GeglRectangle   part;
  float          *v = scan_part (scan, i, n, &part);
  int             x, y;

  for (y = part.y; y < part.y + part.height; y++)
    {
      float last_in = NAN, last = 0.0f;
      int   first = 0, end = -1, start = part.x;

      for (x = part.x; x < part.x + part.width; x++, v++)
        {
          if (*v != last_in)
            {
              widen (b, first, end, start, x - 1, y);
              start = x;
              last_in = *v;
              last = sbokeh_depth_ladder_coordinate (&dof->ladder, *v);
              first = (int) floorf (last) + dof->ladder.n;
              end = last > floorf (last) && first < 2 * dof->ladder.n
                    ? first + 1 : first;
            }
          *v = last;
        }
      widen (b, first, end, start, x - 1, y);
    }
}

SbokehStatus
sbokeh_depth_scan_slices (SbokehDepthRun *dof)
{
  const int slices = 2 * dof->ladder.n + 1;
  Scan      scan;
  int       i, j, n = scan_parts (dof);

  memset (&scan, 0, sizeof (scan));
  scan.dof = dof;
  scan.bounds = g_try_new (int, (gsize) n * 4 * slices);
  if (! scan.bounds)
    return SBOKEH_ERROR_NO_MEMORY;
  for (i = 0; i < n * slices; i++)   /* empty: parts may not all run */
    {
      scan.bounds[4 * i] = scan.bounds[4 * i + 2] = G_MAXINT;
      scan.bounds[4 * i + 1] = scan.bounds[4 * i + 3] = G_MININT;
    }
  gegl_parallel_distribute (n, slices_part, &scan);
  memset (dof->present, 0, sizeof (dof->present));
  for (j = 0; j < slices; j++)
    {
      int x0 = G_MAXINT, x1 = G_MININT, y0 = G_MAXINT, y1 = G_MININT;

      for (i = 0; i < n; i++)
        {
          const int *q = scan.bounds + ((gsize) i * slices + j) * 4;

          x0 = MIN (x0, q[0]);
          x1 = MAX (x1, q[1]);
          y0 = MIN (y0, q[2]);
          y1 = MAX (y1, q[3]);
        }
      dof->present[j] = x1 >= x0;
      if (dof->present[j])
        dof->boxes[j] = (GeglRectangle) { x0, y0, x1 - x0 + 1, y1 - y0 + 1 };
    }
  g_free (scan.bounds);
  return SBOKEH_OK;
}

