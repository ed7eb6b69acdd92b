/* Separable Bokeh: aperture kernels.
 *
 * Disk coverage, exactly.  The area of the disk x² + y² ≤ r² inside the
 * rectangle [x0, x1] × [y0, y1] is
 *
 *   ∫ (clamp (h(x), y0, y1) − clamp (−h(x), y0, y1)) dx,  h(x) = √(r² − x²)
 *
 * over [x0, x1] ∩ [−r, r].  Between the points where h crosses y0 or y1
 * (x = ±√(r² − y²)) each clamp is either a constant or ±h, and h has the
 * antiderivative F(x) = (x h(x) + r² asin (x / r)) / 2.  So we split the
 * interval at those points and integrate each piece in closed form.  No
 * supersampling, no error beyond double rounding: the kernel sums to π r².
 */
#include "config.h"

#include <glib.h>
#include <math.h>
#include <stdlib.h>

#include "kernel-picture.h"
#include "kernel.h"
#include "params.h"

static double
half_chord (double r,
            double x)
{
  double d = r * r - x * x;

  return d > 0.0 ? sqrt (d) : 0.0;
}

static double
half_chord_integral (double r,
                     double x)
{
  double t = x / r;

  t = t < -1.0 ? -1.0 : (t > 1.0 ? 1.0 : t);
  return 0.5 * (x * half_chord (r, x) + r * r * asin (t));
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double da = *(const double *) a;
  double db = *(const double *) b;

  return (da > db) - (da < db);
}

/* ∫ clamp (s h(x), y0, y1) dx over [a, b], where the clamp is in one state
 * over the whole piece (decided at its midpoint); s is +1 or −1.  */
static double
clamped_piece (double r,
               double s,
               double a,
               double b,
               double y0,
               double y1)
{
  double mid = s * half_chord (r, 0.5 * (a + b));

  if (mid > y1)
    return y1 * (b - a);
  if (mid < y0)
    return y0 * (b - a);
  return s * (half_chord_integral (r, b) - half_chord_integral (r, a));
}

double
sbokeh_kernel_disk_area (double radius,
                         double x0,
                         double x1,
                         double y0,
                         double y1)
{
  double cuts[7];
  int    n = 0;
  double area = 0.0;
  int    i;

  if (x0 < -radius)
    x0 = -radius;
  if (x1 > radius)
    x1 = radius;
  if (x1 <= x0 || y1 <= y0)
    return 0.0;

  cuts[n++] = x0;
  cuts[n++] = x1;
  /* h can touch y0 or y1 without crossing them, at x = 0 when a pixel edge
   * is tangent to the disk (r = k + ½).  Cutting at 0 keeps that point off
   * every piece's midpoint, where the piece's state is decided.  */
  if (x0 < 0.0 && x1 > 0.0)
    cuts[n++] = 0.0;
  for (i = 0; i < 2; i++)
    {
      double y = i ? y1 : y0;
      double c;

      if (fabs (y) >= radius)
        continue;
      c = half_chord (radius, y);
      if (c > x0 && c < x1)
        cuts[n++] = c;
      if (-c > x0 && -c < x1)
        cuts[n++] = -c;
    }
  qsort (cuts, n, sizeof (double), compare_doubles);

  for (i = 0; i + 1 < n; i++)
    {
      double a = cuts[i];
      double b = cuts[i + 1];

      if (b <= a)
        continue;
      area += clamped_piece (radius, +1.0, a, b, y0, y1) -
              clamped_piece (radius, -1.0, a, b, y0, y1);
    }
  return area;
}

SbokehStatus
sbokeh_kernel_disk (double        radius,
                    SbokehKernel *kernel)
{
  int     size;
  int     c;
  int     x, y;
  double *data;

  if (! kernel)
    return SBOKEH_ERROR_ARGUMENT;
  kernel->size = 0;
  kernel->data = NULL;

  size = sbokeh_params_kernel_size (radius);
  if (size == 0)
    return SBOKEH_ERROR_RADIUS;

  /* size ≤ 1001, so size² fits easily.  */
  data = g_try_new (double, (gsize) size * size);
  if (! data)
    return SBOKEH_ERROR_NO_MEMORY;

  c = size / 2;
  /* Compute one octant (0 ≤ x ≤ y) and mirror: exact symmetry for free.  */
  for (y = 0; y <= c; y++)
    for (x = 0; x <= y; x++)
      {
        double v = sbokeh_kernel_disk_area (radius, x - 0.5, x + 0.5,
                                            y - 0.5, y + 0.5);
        int    sx, sy;

        for (sy = -1; sy <= 1; sy += 2)
          for (sx = -1; sx <= 1; sx += 2)
            {
              data[(c + sy * y) * size + (c + sx * x)] = v;
              data[(c + sy * x) * size + (c + sx * y)] = v;
            }
      }

  kernel->size = size;
  kernel->data = data;
  return SBOKEH_OK;
}

/* Polygon rim pixels: 17 × 17 samples, so the coverage is within about
 * 1/289 of a pixel per unit of rim length in it.  Odd, so that no sample
 * lands exactly on the edges of the common cases (half-integer radii,
 * blades at 45°), which would bias the area: with 16 × 16, a square of
 * circumradius 20.5 came out 0.3 % too big.  */
#define KERNEL_SUPERSAMPLE 17

/* Distance from the centre to the rim at angle theta (radians, already
 * rotated): the polygon's, bent towards the circumcircle by curvature.  */
static double
polygon_rim (const SbokehAperture *a,
             double                radius,
             double                theta)
{
  double sector = 2.0 * G_PI / a->blades;
  double apothem = radius * cos (G_PI / a->blades);
  double t = fmod (theta, sector);
  double straight;

  if (t < 0.0)
    t += sector;
  straight = apothem / cos (t - 0.5 * sector);
  return (1.0 - a->curvature) * straight + a->curvature * radius;
}

static gboolean
polygon_inside (const SbokehAperture *a,
                double                radius,
                double                rotation,
                double                x,
                double                y)
{
  double rho = hypot (x, y);

  if (rho == 0.0)
    return TRUE;
  return rho <= polygon_rim (a, radius, atan2 (y, x) - rotation);
}

SbokehStatus
sbokeh_kernel_aperture (double                radius,
                        const SbokehAperture *aperture,
                        SbokehKernel         *kernel)
{
  SbokehStatus status;
  double       inner, rotation;
  int          size, c, x, y, i, j;

  if (! kernel || ! aperture)
    return SBOKEH_ERROR_ARGUMENT;
  status = sbokeh_params_check_aperture (aperture);
  if (status != SBOKEH_OK)
    return status;
  if (aperture->shape == SBOKEH_SHAPE_DISK)
    return sbokeh_kernel_disk (radius, kernel);
  if (aperture->shape == SBOKEH_SHAPE_CUSTOM)
    return sbokeh_kernel_picture (radius, aperture->picture, kernel);

  kernel->size = 0;
  kernel->data = NULL;
  size = sbokeh_params_kernel_size (radius);
  if (size == 0)
    return SBOKEH_ERROR_RADIUS;
  kernel->data = g_try_new (double, (gsize) size * size);
  if (! kernel->data)
    return SBOKEH_ERROR_NO_MEMORY;
  kernel->size = size;

  c = size / 2;
  rotation = aperture->rotation * G_PI / 180.0;
  /* The rim never comes closer than the bent apothem.  */
  inner = (1.0 - aperture->curvature) * radius * cos (G_PI / aperture->blades) +
          aperture->curvature * radius;

  /* Image rows go down, angles counter-clockwise: y is flipped so that
   * rotation turns the shape the way it looks.  */
  for (y = 0; y < size; y++)
    for (x = 0; x < size; x++)
      {
        double px = x - c, py = c - y;
        double rho = hypot (px, py);
        double v;

        if (rho + G_SQRT2 / 2 <= inner)
          v = 1.0;
        else if (rho - G_SQRT2 / 2 >= radius)
          v = 0.0;
        else
          {
            int hits = 0;

            for (i = 0; i < KERNEL_SUPERSAMPLE; i++)
              for (j = 0; j < KERNEL_SUPERSAMPLE; j++)
                hits += polygon_inside (aperture, radius, rotation,
                                        px - 0.5 + (j + 0.5) / KERNEL_SUPERSAMPLE,
                                        py - 0.5 + (i + 0.5) / KERNEL_SUPERSAMPLE);
            v = (double) hits / (KERNEL_SUPERSAMPLE * KERNEL_SUPERSAMPLE);
          }
        kernel->data[(gsize) y * size + x] = v;
      }
  return SBOKEH_OK;
}

void
sbokeh_kernel_clear (SbokehKernel *kernel)
{
  if (! kernel)
    return;
  g_free (kernel->data);
  kernel->data = NULL;
  kernel->size = 0;
}
