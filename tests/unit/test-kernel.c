/* Kernel tests: the exact disk against invariants and a supersampled
 * reference written here.  */
#include "config.h"

#include "check.h"
#include "sbokeh.h"

/* Exact coverage is closed-form: sums and symmetric entries agree to
 * rounding (a few ulps of π r²).  */
#define AREA_REL_TOLERANCE 1e-12
/* A rim pixel's supersampled coverage on an S × S grid is off by at most
 * about (chord length in the pixel) / S ≤ √2 / S.  */
#define SUPERSAMPLE 256
#define SUPERSAMPLE_TOLERANCE (1.5 / SUPERSAMPLE)

static double
supersampled (double r, double x, double y)
{
  int i, j, hits = 0;

  for (i = 0; i < SUPERSAMPLE; i++)
    for (j = 0; j < SUPERSAMPLE; j++)
      {
        double px = x - 0.5 + (j + 0.5) / SUPERSAMPLE;
        double py = y - 0.5 + (i + 0.5) / SUPERSAMPLE;

        hits += px * px + py * py <= r * r;
      }
  return (double) hits / (SUPERSAMPLE * SUPERSAMPLE);
}

static void
test_disk (double r)
{
  SbokehKernel k;
  SbokehStatus status = sbokeh_kernel_disk (r, &k);
  int          n, c, x, y;
  double       sum = 0.0;
  int          asym = 0, range = 0, inside = 0, outside = 0;

  CHECK (status == SBOKEH_OK, "radius %g: status %d", r, status);
  if (status != SBOKEH_OK)
    return;
  n = k.size;
  c = n / 2;
  CHECK (n == 2 * (int) ceil (r) + 1, "radius %g: size %d", r, n);

  for (y = 0; y < n; y++)
    for (x = 0; x < n; x++)
      {
        double v = k.data[y * n + x];
        double dx = abs (x - c), dy = abs (y - c);
        double far = hypot (dx + 0.5, dy + 0.5);
        double near = hypot (MAX (dx - 0.5, 0.0), MAX (dy - 0.5, 0.0));

        sum += v;
        range += ! (v >= 0.0 && v <= 1.0);
        asym += v != k.data[y * n + (n - 1 - x)] ||
                v != k.data[(n - 1 - y) * n + x] ||
                v != k.data[x * n + y];
        if (far <= r)
          inside += fabs (v - 1.0) > 1e-12;
        if (near >= r)
          outside += v != 0.0;
      }
  CHECK (fabs (sum - G_PI * r * r) <= AREA_REL_TOLERANCE * G_PI * r * r,
         "radius %g: sum %.15g, π r² %.15g", r, sum, G_PI * r * r);
  CHECK (range == 0, "radius %g: %d values outside [0, 1]", r, range);
  CHECK (asym == 0, "radius %g: %d asymmetric values", r, asym);
  CHECK (inside == 0, "radius %g: %d covered pixels not 1", r, inside);
  CHECK (outside == 0, "radius %g: %d outside pixels not 0", r, outside);

  if (r <= 8)
    {
      double worst = 0.0;

      for (y = 0; y < n; y++)
        for (x = 0; x < n; x++)
          worst = MAX (worst, fabs (k.data[y * n + x] -
                                    supersampled (r, x - c, y - c)));
      CHECK (worst <= SUPERSAMPLE_TOLERANCE,
             "radius %g: exact vs supersampled differ by %g", r, worst);
    }
  sbokeh_kernel_clear (&k);
}

int
main (void)
{
  const double radii[] = { 0.5, 0.7, 1.0, 1.5, 2.5, 3.3, 7.5, 12.0, 25.0,
                           25.5, 100.0, 500.0 };
  const double bad[] = { 0.0, -1.0, 0.49, 500.01, NAN, INFINITY, -INFINITY };
  gsize        i;

  for (i = 0; i < G_N_ELEMENTS (radii); i++)
    test_disk (radii[i]);

  /* The closed-form area on a few rectangles with known answers.  */
  CHECK (fabs (sbokeh_kernel_disk_area (3.0, -5, 5, -5, 5) - 9 * G_PI) < 1e-12,
         "whole disk");
  CHECK (fabs (sbokeh_kernel_disk_area (3.0, 0, 5, 0, 5) - 9 * G_PI / 4) < 1e-12,
         "quadrant");
  CHECK (fabs (sbokeh_kernel_disk_area (2.0, -3, 3, 0, 1) -
               (sqrt (3.0) + 4 * G_PI / 6)) < 1e-12,
         "strip 0 ≤ y ≤ 1 of r = 2: √3 + 2π/3");
  CHECK (sbokeh_kernel_disk_area (1.0, 1.0, 2.0, 0.0, 1.0) == 0.0,
         "outside");

  for (i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      SbokehKernel k = { 7, (double *) &k };

      CHECK (sbokeh_kernel_disk (bad[i], &k) == SBOKEH_ERROR_RADIUS,
             "radius %g accepted", bad[i]);
      CHECK (k.data == NULL && k.size == 0, "radius %g left output", bad[i]);
    }
  CHECK (sbokeh_kernel_disk (5.0, NULL) == SBOKEH_ERROR_ARGUMENT, "NULL");

  return check_exit ("kernel");
}
