/* The CPU paths (simd.h): names and refusals; the paths agree where they
 * must — the two FMA paths (avx512, avx2) give the same bits, and so do
 * the two without FMA (sse2, scalar), for the designs (optimizer's loss
 * loop), the dense passes and the box passes, because every path adds the
 * same products in the same order; across the two groups, outputs agree
 * within float rounding.  Each path against the independent references is
 * in test-dense-passes, test-boxes-passes and test-optimize (check_each_path).
 * And the "auto" method's choice between the engines (engine.h).
 *
 * Usage: test-simd SBOKEH  (the CLI, for SBOKEH_SIMD refusals)
 */
#include "config.h"

#include <string.h>

#include "sbokeh.h"
#include "check.h"

/* FMA against separate multiply and add: float rounding of the products,
 * relative to the output's scale (the passes' own tolerance against the
 * reference is 1e-5).  */
#define GROUPS_RELATIVE_TOLERANCE 1e-5

typedef struct
{
  SbokehDesign design;
  float       *dense;
  float       *boxes;
} Result;

enum { W = 203, H = 77, CHANNELS = 4 };

/* Designs both engines at radius 9 rank 4 on the path in use and applies
 * them to src.  */
static SbokehStatus
run_path (const float *src,
          int          halo_max,
          Result      *r)
{
  SbokehParams      p;
  SbokehDesign      boxes;
  SbokehDensePasses passes;
  SbokehBoxesPasses rs;
  SbokehStatus      s;
  const gsize       stride = (gsize) (W + 2 * halo_max) * CHANNELS;
  int               c;

  sbokeh_params_init_default (&p);
  p.engine = SBOKEH_ENGINE_DENSE;

  p.radius = 9;
  p.rank = 4;
  s = sbokeh_design_run (&p, &r->design);
  if (s != SBOKEH_OK)
    return s;
  p.engine = SBOKEH_ENGINE_BOXES;
  s = sbokeh_design_run (&p, &boxes);
  if (s != SBOKEH_OK)
    return s;
  r->dense = g_new0 (float, (gsize) W * H * CHANNELS);
  r->boxes = g_new0 (float, (gsize) W * H * CHANNELS);

  sbokeh_dense_passes_prepare (&r->design.filters, &passes);
  c = sbokeh_dense_passes_halo (&passes);
  sbokeh_dense_passes_region (&passes, CHANNELS,
                              src + (halo_max - c) * stride +
                              (halo_max - c) * CHANNELS,
                              stride, W, H, r->dense, (gsize) W * CHANNELS);
  sbokeh_dense_passes_clear (&passes);

  sbokeh_boxes_passes_prepare (&boxes.filters, &rs);
  c = sbokeh_boxes_passes_halo (&rs);
  sbokeh_boxes_passes_region (&rs, CHANNELS,
                              src + (halo_max - c) * stride +
                              (halo_max - c) * CHANNELS,
                              stride, W, H, r->boxes, (gsize) W * CHANNELS);
  sbokeh_boxes_passes_clear (&rs);
  sbokeh_design_clear (&boxes);
  return SBOKEH_OK;
}

static void
result_clear (Result *r)
{
  sbokeh_design_clear (&r->design);
  g_free (r->dense);
  g_free (r->boxes);
}

static gboolean
same_doubles (const double *a,
              const double *b,
              gsize         n)
{
  return ! memcmp (a, b, n * sizeof (double));
}

static double
worst_relative (const float *a,
                const float *b,
                gsize        n)
{
  double worst = 0.0, scale = 0.0;
  gsize  j;

  for (j = 0; j < n; j++)
    {
      worst = MAX (worst, fabs ((double) a[j] - b[j]));
      scale = MAX (scale, fabs ((double) b[j]));
    }
  return worst / scale;
}

static void
test_agreement (void)
{
  /* A halo for radius 9 with room to spare.  */
  const int   halo_max = 16;
  const gsize n_src = (gsize) (W + 2 * halo_max) * (H + 2 * halo_max) *
                      CHANNELS;
  const gsize n_out = (gsize) W * H * CHANNELS;
  float      *src = g_new (float, n_src);
  Result      r[SBOKEH_SIMD_N_PATHS];
  gboolean    have[SBOKEH_SIMD_N_PATHS] = { FALSE };
  gsize       j;
  int         p;

  /* HDR-like values: products of very different sizes.  */
  for (j = 0; j < n_src; j++)
    src[j] = (float) (1.5 + check_random ()) *
             (check_random () > 0.98 ? 300.0f : 1.0f);
  for (p = 0; p < SBOKEH_SIMD_N_PATHS; p++)
    if (sbokeh_simd_set ((SbokehSimd) p) == SBOKEH_OK)
      {
        CHECK (run_path (src, halo_max, &r[p]) == SBOKEH_OK, "path %s runs",
               sbokeh_simd_name ((SbokehSimd) p));
        have[p] = TRUE;
      }
  sbokeh_simd_set (sbokeh_simd_best ());

  for (p = 0; p < SBOKEH_SIMD_N_PATHS; p++)
    {
      /* Its partner in the same group: avx512 ~ avx2, sse2 ~ scalar.  */
      int q = p == SBOKEH_SIMD_AVX512 ? SBOKEH_SIMD_AVX2
              : p == SBOKEH_SIMD_SSE2 ? SBOKEH_SIMD_SCALAR : -1;
      const SbokehFilters *a, *b;
      gsize                m;
      gboolean             same_design, same_dense, same_boxes;

      if (q < 0 || ! have[p] || ! have[q])
        continue;
      a = &r[p].design.filters;
      b = &r[q].design.filters;
      m = (gsize) a->rank * a->size;
      same_design = r[p].design.optimize.evaluations ==
                      r[q].design.optimize.evaluations &&
                    same_doubles (a->vertical, b->vertical, m) &&
                    same_doubles (a->horizontal, b->horizontal, m);
      same_dense = ! memcmp (r[p].dense, r[q].dense, n_out * sizeof (float));
      same_boxes = ! memcmp (r[p].boxes, r[q].boxes, n_out * sizeof (float));
      CHECK (same_design, "%s and %s designs differ",
             sbokeh_simd_name ((SbokehSimd) p),
             sbokeh_simd_name ((SbokehSimd) q));
      CHECK (same_dense, "%s and %s dense passes differ (%.1e)",
             sbokeh_simd_name ((SbokehSimd) p),
             sbokeh_simd_name ((SbokehSimd) q),
             worst_relative (r[p].dense, r[q].dense, n_out));
      CHECK (same_boxes, "%s and %s box passes differ (%.1e)",
             sbokeh_simd_name ((SbokehSimd) p),
             sbokeh_simd_name ((SbokehSimd) q),
             worst_relative (r[p].boxes, r[q].boxes, n_out));
      if (same_design && same_dense && same_boxes)
        printf ("  %s = %s: designs, dense and box passes bit for bit\n",
                sbokeh_simd_name ((SbokehSimd) p),
                sbokeh_simd_name ((SbokehSimd) q));
    }
  /* Across the groups (each design applied by its own path): rounding.  */
  for (p = 1; p < SBOKEH_SIMD_N_PATHS; p++)
    if (have[p])
      {
        double d = worst_relative (r[p].dense, r[0].dense, n_out);
        double b = worst_relative (r[p].boxes, r[0].boxes, n_out);

        CHECK (d <= GROUPS_RELATIVE_TOLERANCE &&
               b <= GROUPS_RELATIVE_TOLERANCE,
               "%s against scalar: dense %.1e, boxes %.1e",
               sbokeh_simd_name ((SbokehSimd) p), d, b);
        printf ("  %s against scalar: dense %.1e, boxes %.1e relative\n",
                sbokeh_simd_name ((SbokehSimd) p), d, b);
      }
  for (p = 0; p < SBOKEH_SIMD_N_PATHS; p++)
    if (have[p])
      result_clear (&r[p]);
  g_free (src);
}

static void
test_names (void)
{
  SbokehSimd p, q;
  int        i;

  for (i = 0; i < SBOKEH_SIMD_N_PATHS; i++)
    {
      CHECK (sbokeh_simd_parse (sbokeh_simd_name ((SbokehSimd) i), &p) &&
             p == (SbokehSimd) i, "name of path %d round trip", i);
      CHECK (sbokeh_simd_parse (g_ascii_strup (sbokeh_simd_name
                                                 ((SbokehSimd) i), -1), &q)
             && q == (SbokehSimd) i, "upper case %d", i);
    }
  CHECK (sbokeh_simd_parse ("auto", &p) && p == sbokeh_simd_best (), "auto");
  CHECK (sbokeh_simd_parse (NULL, &p) && p == sbokeh_simd_best (), "unset");
  CHECK (sbokeh_simd_parse ("", &p) && p == sbokeh_simd_best (), "empty");
  CHECK (! sbokeh_simd_parse ("avx1024", &p), "unknown name accepted");
  CHECK (sbokeh_simd_supported (SBOKEH_SIMD_SCALAR), "scalar runs anywhere");
  CHECK (sbokeh_simd_supported (sbokeh_simd_best ()), "best is supported");
  CHECK (sbokeh_simd_set ((SbokehSimd) SBOKEH_SIMD_N_PATHS) ==
           SBOKEH_ERROR_SIMD, "no such path");
  for (i = 0; i < SBOKEH_SIMD_N_PATHS; i++)
    if (! sbokeh_simd_supported ((SbokehSimd) i))
      CHECK (sbokeh_simd_set ((SbokehSimd) i) == SBOKEH_ERROR_SIMD,
             "unsupported path %d accepted", i);
#if defined(__x86_64__)
  CHECK (sbokeh_simd_supported (SBOKEH_SIMD_SSE2), "sse2 on x86-64");
  CHECK (sbokeh_simd_supported (SBOKEH_SIMD_AVX2) ==
           (__builtin_cpu_supports ("avx2") && __builtin_cpu_supports ("fma")),
         "avx2 as the CPU says");
  CHECK (sbokeh_simd_supported (SBOKEH_SIMD_AVX512) ==
           (__builtin_cpu_supports ("avx512f") != 0 &&
            __builtin_cpu_supports ("avx512bw") &&
            __builtin_cpu_supports ("avx512dq") &&
            __builtin_cpu_supports ("avx512vl")),
         "avx512 as the CPU says");
#endif
  printf ("  best path here: %s\n", sbokeh_simd_name (sbokeh_simd_best ()));
}

/* SBOKEH_SIMD through the CLI: an unknown value (and, where there is one,
 * a path this CPU cannot run) refused with the message and nothing
 * designed; every supported one gives the same kernel as auto within its
 * group's rounding.  */
static void
test_variable (const char *cli)
{
  const char *values[] = { "bogus", "avx1024" };
  gsize       i;
  int         p;

  for (i = 0; i < G_N_ELEMENTS (values) + SBOKEH_SIMD_N_PATHS; i++)
    {
      const char *value;
      gboolean    refuse;
      gchar      *argv[] = { (gchar *) cli, "kernel", "--radius", "4",
                             "--rank", "2", NULL };
      gchar      *out = NULL, *err = NULL, **envp;
      gint        status = 0;

      if (i < G_N_ELEMENTS (values))
        {
          value = values[i];
          refuse = TRUE;
        }
      else
        {
          p = (int) (i - G_N_ELEMENTS (values));
          value = sbokeh_simd_name ((SbokehSimd) p);
          refuse = ! sbokeh_simd_supported ((SbokehSimd) p);
        }
      envp = g_environ_setenv (g_get_environ (), SBOKEH_SIMD_VARIABLE, value,
                               TRUE);
      envp = g_environ_setenv (envp, "LANGUAGE", "C", TRUE);
      CHECK (g_spawn_sync (NULL, argv, envp, G_SPAWN_DEFAULT, NULL, NULL,
                           &out, &err, &status, NULL), "spawn %s", cli);
      if (refuse)
        CHECK (status != 0 && strstr (err, "SBOKEH_SIMD") &&
               strstr (err, "avx2") && ! strstr (out, "\"vertical\""),
               "SBOKEH_SIMD=%s not refused: status %d, stderr %s", value,
               status, err);
      else
        CHECK (status == 0 && strstr (out, "\"vertical\""),
               "SBOKEH_SIMD=%s refused: status %d, stderr %s", value,
               status, err);
      printf ("  SBOKEH_SIMD=%-8s %s\n", value, refuse ? "refused" : "runs");
      g_free (out);
      g_free (err);
      g_strfreev (envp);
    }
}

/* The "auto" method (engine.h): explicit methods pass through; on every
 * path and rank, dense for small radii and boxes from one kernel size on
 * (one crossover, no flip-flopping); the CLI's default is auto and says
 * which one it took.  */
static void
test_engine (const char *cli)
{
  int p, rank;

  for (p = 0; p < SBOKEH_SIMD_N_PATHS; p++)
    for (rank = SBOKEH_RANK_MIN; rank <= 16; rank++)
      {
        const SbokehSimd path = (SbokehSimd) p;
        const int        cross = sbokeh_engine_crossover (rank, path);
        gboolean         monotone = TRUE;
        int              size;

        for (size = 3; size <= sbokeh_params_kernel_size (SBOKEH_RADIUS_MAX);
             size += 2)
          {
            double       r = (size - 1) / 2;
            SbokehEngine e = sbokeh_engine_resolve (SBOKEH_ENGINE_AUTO, r,
                                                    rank, path);

            monotone &= e == (size >= cross ? SBOKEH_ENGINE_BOXES
                                            : SBOKEH_ENGINE_DENSE);
          }
        CHECK (monotone, "%s rank %d: one crossover at %d taps",
               sbokeh_simd_name (path), rank, cross);
        CHECK (sbokeh_engine_resolve (SBOKEH_ENGINE_AUTO, 2, rank, path) ==
                 SBOKEH_ENGINE_DENSE &&
               sbokeh_engine_resolve (SBOKEH_ENGINE_AUTO, 400, rank, path) ==
                 SBOKEH_ENGINE_BOXES,
               "%s rank %d: dense at radius 2, boxes at 400",
               sbokeh_simd_name (path), rank);
        CHECK (sbokeh_engine_resolve (SBOKEH_ENGINE_DENSE, 400, rank, path) ==
                 SBOKEH_ENGINE_DENSE &&
               sbokeh_engine_resolve (SBOKEH_ENGINE_BOXES, 2, rank, path) ==
                 SBOKEH_ENGINE_BOXES, "explicit methods kept");
        if (rank == 4 || rank == 8)
          printf ("  auto, %s, rank %d: boxes from radius %d\n",
                  sbokeh_simd_name (path), rank, (cross - 1) / 2);
      }

  if (cli)
    {
      const double radii[] = { 2, 400 };
      gsize        i;

      for (i = 0; i < G_N_ELEMENTS (radii); i++)
        {
          gchar *r = g_strdup_printf ("%g", radii[i]);
          gchar *argv[] = { (gchar *) cli, "kernel", "--radius", r,
                            "--rank", "4", "--max-evaluations", "0", NULL };
          gchar *out = NULL, *err = NULL;
          gint   status = 1;
          const char *want = i ? "\"engine\": \"boxes\""
                               : "\"engine\": \"dense\"";

          g_spawn_sync (NULL, argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out,
                        &err, &status, NULL);
          CHECK (status == 0 && out && strstr (out, want),
                 "CLI default at radius %s: %s", r, err);
          g_free (r);
          g_free (out);
          g_free (err);
        }
    }
}

int
main (int    argc,
      char **argv)
{
  gegl_init (NULL, NULL);
  test_names ();
  test_agreement ();
  test_engine (argc > 1 ? argv[1] : NULL);
  if (argc > 1)
    test_variable (argv[1]);
  gegl_exit ();
  return check_exit ("simd");
}
