/* sbokeh-bench depth: depth of field (core/depth.h, issue 20) against our
 * own uniform blur and gegl:lens-blur with the blur map as aux, on a
 * 4000 × 3000 8-bit RGB photo (data/coffee.png scaled up), radius 100,
 * rank 4, both engines, per vector path.
 *
 * The bars: depth of field at most 3× the uniform blur at radius
 * 100 by the same method, and faster than gegl:lens-blur with the blur
 * map as its aux input (radius: the map's largest blur), on the AVX2 path.
 * Maps (8-bit, white = near):
 *   probe   a background at 0, a subject disk at 128, a bar at 255 in
 *           front of the subject's right side; focus on the subject
 *           (128 / 255: the background and the bar blur by about 50 px)
 *           or on the background (the subject by 50 px, the bar by 100);
 *   ramp    a receding floor: 255 at the bottom row to 0 at the top,
 *           focus 0.5 (0 … 50 px on both sides, a smooth spread of radii).
 * After one untimed run of each, each round runs, in turn, the uniform
 * blur (its design made once before, as the GEGL operation keeps it),
 * each map's depth of field (a whole call; the designs it keeps for the
 * process, depth-designs.c, made in the untimed run) and gegl:lens-blur,
 * so that a shared host's drift falls on all alike (it moves times by 2×
 * from one minute to the next here: a ratio to a lens-blur run minutes
 * apart means nothing); the ratios are the medians of the rounds'
 * ratios.  About 4 minutes on 2 cores, 8 under load.  Input and output are "R'G'B' u8", as a
 * GIMP layer.  Not a test: it asserts nothing.  SBOKEH_BENCH_QUICK=1:
 * 1000 × 750; SBOKEH_BENCH_DEPTH_ROUNDS=N rounds (default 3).  */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "depth-bench.h"
#include "load-image.h"
#include "simd-paths.h"
#include "sbokeh.h"

#define DEPTH_RADIUS  100.0
#define DEPTH_RANK    4
#define DEPTH_ROUNDS  3
#define ROUNDS_MAX    15
/* The probe's layers (8-bit map values) and shapes, as fractions of the
 * picture's height (the disk) and width (the bar).  */
#define PROBE_BACK     0
#define PROBE_SUBJECT  128
#define PROBE_FRONT    255
#define PROBE_DISK_R   0.3
#define PROBE_BAR_X0   0.55
#define PROBE_BAR_X1   0.62
#define RAMP_FOCUS     0.5

enum { CASE_SUBJECT, CASE_BACK, CASE_RAMP, N_CASES };

static const char *case_names[N_CASES] = {
  "probe, focus on the subject", "probe, focus on the background",
  "ramp, focus 0.5" };

static double
now (void)
{
  return g_get_monotonic_time () * 1e-6;
}

static int
compare (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median_of (const double *v, int n)
{
  double s[ROUNDS_MAX];

  memcpy (s, v, n * sizeof (double));
  qsort (s, n, sizeof (double), compare);
  return n % 2 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
}

/* The photo scaled to w × h, as an 8-bit layer.  */
static GeglBuffer *
photo (const char *path, int w, int h)
{
  GeglRectangle all = { 0, 0, w, h };
  GeglBuffer   *src = load_image (path), *out;
  GeglNode     *g, *s, *scale, *sink;

  out = gegl_buffer_new (&all, babl_format ("R'G'B' u8"));
  if (! src)
    return out;
  g = gegl_node_new ();
  s = gegl_node_new_child (g, "operation", "gegl:buffer-source", "buffer",
                           src, NULL);
  scale = gegl_node_new_child (g, "operation", "gegl:scale-size",
                               "x", (double) w, "y", (double) h, NULL);
  sink = gegl_node_new_child (g, "operation", "gegl:write-buffer", "buffer",
                              out, NULL);
  gegl_node_link_many (s, scale, sink, NULL);
  gegl_node_process (sink);
  g_object_unref (g);
  g_object_unref (src);
  return out;
}

static guint8
probe_at (int x, int y, int w, int h)
{
  double dx = x + 0.5 - 0.45 * w, dy = y + 0.5 - 0.5 * h;

  if (x >= PROBE_BAR_X0 * w && x < PROBE_BAR_X1 * w)
    return PROBE_FRONT;
  if (hypot (dx, dy) < PROBE_DISK_R * h)
    return PROBE_SUBJECT;
  return PROBE_BACK;
}

/* The 8-bit depth maps ("Y' u8").  */
static GeglBuffer *
depth_map (gboolean ramp, int w, int h)
{
  GeglRectangle all = { 0, 0, w, h };
  GeglBuffer   *b = gegl_buffer_new (&all, babl_format ("Y' u8"));
  guint8       *px = g_new (guint8, (gsize) w * h);
  int           x, y;

  for (y = 0; y < h; y++)
    for (x = 0; x < w; x++)
      px[(gsize) y * w + x] = ramp ? (guint8) lround (255.0 * y / (h - 1))
                                   : probe_at (x, y, w, h);
  gegl_buffer_set (b, &all, 0, babl_format ("Y' u8"), px, GEGL_AUTO_ROWSTRIDE);
  g_free (px);
  return b;
}

/* The blur map of a case for gegl:lens-blur's aux: each pixel's radius
 * over the largest (linear); *largest gets that radius.  */
static GeglBuffer *
blur_map (GeglBuffer *map, const SbokehDepth *depth, double *largest)
{
  const GeglRectangle *all = gegl_buffer_get_extent (map);
  gsize                n = (gsize) all->width * all->height, i;
  float               *d = g_new (float, n);
  GeglBuffer          *b = gegl_buffer_new (all, babl_format ("Y float"));

  gegl_buffer_get (map, all, 1.0, babl_format ("Y' float"), d,
                   GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_NONE);
  *largest = 0.0;
  for (i = 0; i < n; i++)
    {
      d[i] = (float) fabs (sbokeh_depth_radius (depth, DEPTH_RADIUS, d[i]));
      *largest = MAX (*largest, d[i]);
    }
  for (i = 0; i < n; i++)
    d[i] = *largest > 0.0 ? (float) (d[i] / *largest) : 0.0f;
  gegl_buffer_set (b, all, 0, babl_format ("Y float"), d, GEGL_AUTO_ROWSTRIDE);
  g_free (d);
  return b;
}

static double
time_lens_blur (GeglBuffer *in, GeglBuffer *aux, double radius,
                GeglBuffer *out)
{
  GeglNode *g = gegl_node_new ();
  GeglNode *s = gegl_node_new_child (g, "operation", "gegl:buffer-source",
                                     "buffer", in, NULL);
  GeglNode *a = gegl_node_new_child (g, "operation", "gegl:buffer-source",
                                     "buffer", aux, NULL);
  GeglNode *l = gegl_node_new_child (g, "operation", "gegl:lens-blur",
                                     "radius", radius, "linear-mask", TRUE,
                                     NULL);
  GeglNode *w = gegl_node_new_child (g, "operation", "gegl:write-buffer",
                                     "buffer", out, NULL);
  double    t0;

  gegl_node_link_many (s, l, w, NULL);
  gegl_node_connect (a, "output", l, "aux");
  t0 = now ();
  gegl_node_process (w);
  t0 = now () - t0;
  g_object_unref (g);
  return t0;
}

static double
time_depth (const SbokehParams *p, const SbokehDepth *depth, GeglBuffer *in,
            GeglBuffer *map, GeglBuffer *out)
{
  double       t0 = now ();
  SbokehStatus status = sbokeh_depth_apply (p, depth, in, map, out, NULL,
                                            NULL, NULL, NULL);

  t0 = now () - t0;
  if (status != SBOKEH_OK)
    printf ("(depth of field: %s)\n", sbokeh_status_message (status));
  return t0;
}

static double
load_average (void)
{
  FILE  *f = fopen ("/proc/loadavg", "r");
  double l = -1.0;

  if (f)
    {
      if (fscanf (f, "%lf", &l) != 1)
        l = -1.0;
      fclose (f);
    }
  return l;
}

void
bench_depth (int      threads,
             gboolean quick)
{
  const int      w = quick ? 1000 : 4000, h = quick ? 750 : 3000;
  const char    *env = g_getenv ("SBOKEH_BENCH_DEPTH_ROUNDS");
  const int      rounds = CLAMP (env ? atoi (env) : DEPTH_ROUNDS, 1,
                                 ROUNDS_MAX);
  const char    *engines[2] = { "dense", "boxes" };
  /* The subject's depth as a front end reads it from the map (a float):
   * the subject is then exactly in focus.  */
  SbokehDepth    depths[N_CASES] = { { (float) (PROBE_SUBJECT / 255.0), 0.0,
                                       FALSE },
                                     { PROBE_BACK / 255.0, 0.0, FALSE },
                                     { RAMP_FOCUS, 0.0, FALSE } };
  GeglBuffer    *in = photo ("data/coffee.png", w, h), *maps[N_CASES];
  GeglBuffer    *aux[N_CASES], *out;
  double         largest[N_CASES];
  SbokehSimd     paths[SBOKEH_SIMD_N_PATHS];
  int            n_paths = simd_paths_to_run (paths), pi, e, c, r;

  out = gegl_buffer_new (gegl_buffer_get_extent (in),
                         babl_format ("R'G'B' u8"));
  maps[CASE_SUBJECT] = depth_map (FALSE, w, h);
  maps[CASE_BACK] = g_object_ref (maps[CASE_SUBJECT]);
  maps[CASE_RAMP] = depth_map (TRUE, w, h);
  for (c = 0; c < N_CASES; c++)
    aux[c] = blur_map (maps[c], &depths[c], &largest[c]);

  printf ("## Depth of field, %d × %d 8-bit RGB photo, radius %.0f, rank %d, "
          "%d thread%s, load average %.1f\n\n", w, h, DEPTH_RADIUS,
          DEPTH_RANK, threads, threads > 1 ? "s" : "", load_average ());
  printf ("After an untimed run of each, in turn each round (%d rounds): "
          "the uniform blur at radius %.0f (design made before), each map's "
          "depth of field (a whole call, its designs kept from the untimed "
          "run), "
          "gegl:lens-blur with the blur map as aux at the map's largest "
          "radius. Times: medians; ratios: medians of the rounds' "
          "ratios.\n\n", rounds, DEPTH_RADIUS);
  printf ("| path | engine | map | uniform r100 | depth | depth ÷ uniform "
          "| lens-blur + aux (radius) | lens-blur ÷ depth |\n"
          "|---|---|---|---|---|---|---|---|\n");
  for (pi = 0; pi < n_paths; pi++)
    {
      double lens[N_CASES][ROUNDS_MAX];
      double uni[2][ROUNDS_MAX], dof[2][N_CASES][ROUNDS_MAX];
      SbokehParams p[2];
      SbokehDesign d[2];

      if (paths[pi] < SBOKEH_SIMD_SSE2)
        continue;
      sbokeh_simd_set (paths[pi]);
      for (e = 0; e < 2; e++)
        {
          sbokeh_params_init_default (&p[e]);
          p[e].radius = DEPTH_RADIUS;
          p[e].rank = DEPTH_RANK;
          p[e].engine = e ? SBOKEH_ENGINE_BOXES : SBOKEH_ENGINE_DENSE;
          sbokeh_design_run (&p[e], &d[e]);
        }
      /* Untimed: the conversions get made (babl), the designs kept.  */
      for (e = 0; e < 2; e++)
        for (c = 0; c < N_CASES; c++)
          time_depth (&p[e], &depths[c], in, maps[c], out);
      for (r = 0; r < rounds; r++)
        for (e = 0; e < 2; e++)
          {
            double t0 = now ();

            sbokeh_apply_buffer (&d[e].filters, 0.0, in, out, NULL, NULL,
                                 NULL, NULL);
            uni[e][r] = now () - t0;
            for (c = 0; c < N_CASES; c++)
              dof[e][c][r] = time_depth (&p[e], &depths[c], in, maps[c], out);
            if (e == 1)
              for (c = 0; c < N_CASES; c++)
                lens[c][r] = time_lens_blur (in, aux[c], largest[c], out);
          }
      for (e = 0; e < 2; e++)
        for (c = 0; c < N_CASES; c++)
          {
            double q[ROUNDS_MAX], l[ROUNDS_MAX];

            for (r = 0; r < rounds; r++)
              {
                q[r] = dof[e][c][r] / uni[e][r];
                l[r] = lens[c][r] / dof[e][c][r];
              }
            printf ("| %s | %s | %s | %.2f s | %.2f s | **%.2f×** | %.2f s "
                    "(%.0f) | **%.2f×** |\n", sbokeh_simd_name (paths[pi]),
                    engines[e], case_names[c], median_of (uni[e], rounds),
                    median_of (dof[e][c], rounds), median_of (q, rounds),
                    median_of (lens[c], rounds), largest[c],
                    median_of (l, rounds));
          }
      fflush (stdout);
      for (e = 0; e < 2; e++)
        sbokeh_design_clear (&d[e]);
    }
  printf ("\n(load average at the end: %.1f)\n\n", load_average ());
  sbokeh_simd_set (sbokeh_simd_best ());
  for (c = 0; c < N_CASES; c++)
    {
      g_object_unref (maps[c]);
      g_object_unref (aux[c]);
    }
  g_object_unref (in);
  g_object_unref (out);
}
