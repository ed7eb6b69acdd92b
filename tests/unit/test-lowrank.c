/* Low-rank tests: hand-checkable SVDs, Eckart–Young, full-rank rebuild.  */
#include "config.h"

#include <math.h>
#include <string.h>

#include "check.h"
#include "sbokeh.h"

/* LAPACK's dgesdd is backward stable: errors of a few ulps times the
 * matrix size relative to the largest singular value.  */
#define SVD_TOLERANCE 1e-12

static double
frobenius_error (const SbokehFilters *f,
                 const double        *m)
{
  int     n = f->size, j;
  double *k = g_new (double, n * n);
  double  ss = 0.0;

  sbokeh_filters_reconstruct (f, k);
  for (j = 0; j < n * n; j++)
    ss += (k[j] - m[j]) * (k[j] - m[j]);
  g_free (k);
  return sqrt (ss);
}

/* M = 3 a bᵀ + 1 c dᵀ with orthonormal a ⟂ c and b ⟂ d: σ = (3, 1, 0), and
 * the pairs are √3 (a, b) and (c, d), up to the sign rule (Σ u > 0).  */
static void
test_hand_checked (void)
{
  const double  a[3] = { 1.0 / 3, 2.0 / 3, 2.0 / 3 };
  const double  c[3] = { 2.0 / 3, 1.0 / 3, -2.0 / 3 };
  const double  b[3] = { 1, 0, 0 };
  const double  d[3] = { 0, 1, 0 };
  double        m[9], s[3];
  SbokehFilters f;
  int           y, x;

  for (y = 0; y < 3; y++)
    for (x = 0; x < 3; x++)
      m[y * 3 + x] = 3 * a[y] * b[x] + c[y] * d[x];

  CHECK (sbokeh_lowrank_svd (m, 3, 2, &f, s) == SBOKEH_OK, "svd");
  CHECK (fabs (s[0] - 3) < SVD_TOLERANCE && fabs (s[1] - 1) < SVD_TOLERANCE &&
         fabs (s[2]) < SVD_TOLERANCE,
         "σ = %g %g %g, expected 3 1 0", s[0], s[1], s[2]);
  for (x = 0; x < 3; x++)
    {
      CHECK (fabs (f.vertical[x] - sqrt (3) * a[x]) < SVD_TOLERANCE,
             "u0[%d] = %g", x, f.vertical[x]);
      CHECK (fabs (f.horizontal[x] - sqrt (3) * b[x]) < SVD_TOLERANCE,
             "v0[%d] = %g", x, f.horizontal[x]);
      CHECK (fabs (f.vertical[3 + x] - c[x]) < SVD_TOLERANCE,
             "u1[%d] = %g", x, f.vertical[3 + x]);
      CHECK (fabs (f.horizontal[3 + x] - d[x]) < SVD_TOLERANCE,
             "v1[%d] = %g", x, f.horizontal[3 + x]);
    }
  CHECK (frobenius_error (&f, m) < SVD_TOLERANCE, "rank 2 rebuilds M");
  sbokeh_filters_clear (&f);
}

/* A separable kernel (Gaussian, box) is rank 1 exactly.  */
static void
test_separable (void)
{
  const int     n = 15;
  double        g[15], m[15 * 15], s[15];
  SbokehFilters f;
  int           y, x;

  for (x = 0; x < n; x++)
    g[x] = exp (-0.5 * (x - 7) * (x - 7) / 4.0);
  for (y = 0; y < n; y++)
    for (x = 0; x < n; x++)
      m[y * n + x] = g[y] * g[x];
  CHECK (sbokeh_lowrank_svd (m, n, 1, &f, s) == SBOKEH_OK, "gaussian");
  CHECK (s[1] < SVD_TOLERANCE * s[0], "gaussian σ₂/σ₁ = %g", s[1] / s[0]);
  CHECK (frobenius_error (&f, m) < SVD_TOLERANCE * s[0],
         "gaussian rank 1 error %g", frobenius_error (&f, m));
  sbokeh_filters_clear (&f);

  for (x = 0; x < 7 * 7; x++)
    m[x] = 1.0;
  CHECK (sbokeh_lowrank_svd (m, 7, 1, &f, s) == SBOKEH_OK, "box");
  CHECK (fabs (s[0] - 7.0) < SVD_TOLERANCE, "box σ₁ = %g, expected 7", s[0]);
  for (x = 0; x < 7; x++)
    CHECK (fabs (f.vertical[x] - 1.0) < SVD_TOLERANCE &&
           fabs (f.horizontal[x] - 1.0) < SVD_TOLERANCE,
           "box pair [%d] = %g, %g, expected 1, 1", x, f.vertical[x],
           f.horizontal[x]);
  sbokeh_filters_clear (&f);
}

/* Disk: the error of rank N is √(Σ_{i>N} σᵢ²) (Eckart–Young), so it never
 * grows with N, and full rank rebuilds T.  Signs follow the rule.  */
static void
test_disk (double radius)
{
  SbokehKernel  k;
  SbokehFilters f, again;
  double       *s;
  double        previous = INFINITY;
  int           n, rank, i, j;

  sbokeh_kernel_disk (radius, &k);
  n = k.size;
  s = g_new (double, n);
  for (rank = 1; rank <= MIN (n, SBOKEH_RANK_MAX); rank++)
    {
      double err, tail = 0.0;

      CHECK (sbokeh_lowrank_svd (k.data, n, rank, &f, s) == SBOKEH_OK,
             "rank %d", rank);
      for (i = rank; i < n; i++)
        tail += s[i] * s[i];
      err = frobenius_error (&f, k.data);
      CHECK (fabs (err - sqrt (tail)) < 1e-9 * s[0],
             "r %g rank %d: error %g, Eckart–Young %g", radius, rank, err,
             sqrt (tail));
      CHECK (err <= previous + SVD_TOLERANCE * s[0],
             "r %g rank %d: error grew %g > %g", radius, rank, err, previous);
      previous = err;

      for (i = 0; i < rank; i++)
        {
          double sum = 0.0;

          for (j = 0; j < n; j++)
            sum += f.vertical[i * n + j];
          CHECK (sum >= -1e-9 * s[0], "r %g pair %d: Σu = %g < 0", radius, i,
                 sum);
        }
      if (rank == n)
        CHECK (err < SVD_TOLERANCE * s[0] * n, "full rank error %g", err);

      CHECK (sbokeh_lowrank_svd (k.data, n, rank, &again, NULL) == SBOKEH_OK,
             "again");
      CHECK (! memcmp (f.vertical, again.vertical, rank * n * sizeof (double)) &&
             ! memcmp (f.horizontal, again.horizontal,
                       rank * n * sizeof (double)),
             "r %g rank %d: not deterministic", radius, rank);
      sbokeh_filters_clear (&again);
      sbokeh_filters_clear (&f);
    }
  for (i = 1; i < n; i++)
    CHECK (s[i] <= s[i - 1], "σ not descending at %d", i);
  g_free (s);
  sbokeh_kernel_clear (&k);
}

/* The rank a shape needs (sbokeh_lowrank_rank_for): on the sweep of
 * shapes and radii below, the suggested rank's optimised filters (the
 * default weights, designed in full) reach the asked shape error, unless
 * the rank is the cap; one rank fewer of the SVD misses the aim.  The
 * largest ratio of the optimised error to the SVD's at the same rank is
 * printed: SBOKEH_LOWRANK_SUGGEST_MARGIN must leave room for it.  */
#define SUGGEST_ERROR 0.05

static void
test_rank_for (void)
{
  static const struct { SbokehShape shape; int blades; double rotation,
                        curvature; const char *name; } shapes[] =
  {
    { SBOKEH_SHAPE_DISK,    0, 0,  0,   "disk" },
    { SBOKEH_SHAPE_POLYGON, 6, 15, 0,   "hexagon rotated 15" },
    { SBOKEH_SHAPE_POLYGON, 6, 0,  0,   "hexagon" },
    { SBOKEH_SHAPE_POLYGON, 5, 0,  0,   "pentagon" },
    { SBOKEH_SHAPE_POLYGON, 8, 10, 0.5, "octagon, curved, rotated 10" },
  };
  static const double radii[] = { 8, 25, 60 };
  double worst = 0.0;
  gsize  s, r;

  for (s = 0; s < G_N_ELEMENTS (shapes); s++)
    for (r = 0; r < G_N_ELEMENTS (radii); r++)
      {
        SbokehParams  p;
        SbokehDesign  d;
        SbokehQuality q;
        double        tail = 0.0, total = 0.0, svd_error;
        int           rank, i;

        sbokeh_params_init_default (&p);
        p.radius = radii[r];
        p.engine = SBOKEH_ENGINE_DENSE;
        p.aperture.shape = shapes[s].shape;
        if (shapes[s].blades)
          p.aperture.blades = shapes[s].blades;
        p.aperture.rotation = shapes[s].rotation;
        p.aperture.curvature = shapes[s].curvature;
        p.rank = 1;
        CHECK (sbokeh_design_run (&p, &d) == SBOKEH_OK, "design %s",
               shapes[s].name);
        rank = sbokeh_lowrank_rank_for (d.singular_values, d.target.size,
                                        SUGGEST_ERROR);
        for (i = 0; i < d.target.size; i++)
          {
            total += d.singular_values[i] * d.singular_values[i];
            if (i >= rank - 1)
              tail += d.singular_values[i] * d.singular_values[i];
          }
        /* One rank fewer misses the aim (else the answer is not the least). */
        CHECK (rank == 1 || sqrt (tail / total) >
               SBOKEH_LOWRANK_SUGGEST_MARGIN * SUGGEST_ERROR,
               "%s r %g: rank %d is not the least", shapes[s].name, radii[r],
               rank);
        sbokeh_design_clear (&d);

        p.rank = rank;
        CHECK (sbokeh_design_run (&p, &d) == SBOKEH_OK, "design %s rank %d",
               shapes[s].name, rank);
        sbokeh_filters_quality (&d.filters, d.target.data, &q);
        {
          SbokehQuality qs;

          sbokeh_filters_quality (&d.svd, d.target.data, &qs);
          svd_error = qs.relative_l2;
        }
        if (svd_error > 0)
          worst = MAX (worst, q.relative_l2 / svd_error);
        printf ("  %s, radius %g: rank %d, shape error %.2f %% (SVD %.2f %%)\n",
                shapes[s].name, radii[r], rank, 100 * q.relative_l2,
                100 * svd_error);
        CHECK (rank == SBOKEH_RANK_MAX || q.relative_l2 <= SUGGEST_ERROR,
               "%s r %g: rank %d gives %.4f > %g", shapes[s].name, radii[r],
               rank, q.relative_l2, SUGGEST_ERROR);
        sbokeh_design_clear (&d);
      }
  printf ("rank for %g %%: optimised error at most %.3f × the SVD's\n",
          100 * SUGGEST_ERROR, worst);
  CHECK (sbokeh_lowrank_rank_for (NULL, 3, 0.05) == 0, "NULL");
  CHECK (sbokeh_lowrank_rank_for ((double[]) { 1, 0 }, 2, 0.0) == 0,
         "error 0");
  CHECK (sbokeh_lowrank_rank_for ((double[]) { 1, 0 }, 2, 0.05) == 1,
         "separable: rank 1");
}

int
main (void)
{
  double        m[9] = { 1, 2, 3, 4, 5, 6, 7, 8, 10 };
  SbokehFilters f;

  test_hand_checked ();
  test_separable ();
  test_disk (2.5);
  test_disk (7.0);
  test_rank_for ();

  CHECK (sbokeh_lowrank_svd (m, 3, 0, &f, NULL) == SBOKEH_ERROR_RANK, "rank 0");
  CHECK (sbokeh_lowrank_svd (m, 3, 4, &f, NULL) == SBOKEH_ERROR_RANK,
         "rank > size");
  CHECK (sbokeh_lowrank_svd (NULL, 3, 1, &f, NULL) == SBOKEH_ERROR_ARGUMENT,
         "NULL matrix");
  return check_exit ("lowrank");
}
