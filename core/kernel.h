/* Separable Bokeh: aperture kernels (the target T).
 *
 * A kernel is a square, odd-sized, row-major array of doubles centred on its
 * middle element.  The disk of radius r has size 2 ⌈r⌉ + 1; each element is
 * the exact fraction of its pixel (a unit square) that the disk covers, so
 * the rim is anti-aliased, the kernel is symmetric under the eight symmetries
 * of the square, and its sum is exactly π r².  T is not normalised: values
 * run from 0 to 1, as in the seed.
 */
#ifndef SBOKEH_KERNEL_H
#define SBOKEH_KERNEL_H

#include "params.h"
#include "status.h"

typedef struct
{
  int     size;  /* width = height, odd */
  double *data;  /* size × size, row-major */
} SbokehKernel;

/* Allocates kernel->data (free with sbokeh_kernel_clear).  */
SbokehStatus sbokeh_kernel_disk       (double        radius,
                                       SbokehKernel *kernel);

/* Any aperture (params.h) of circumradius `radius`: the disk exactly as
 * above; a polygon's pixels on the rim are covered by supersampling
 * (17 × 17 points), the others are exactly 1 or 0; a custom aperture's
 * picture scaled to the radius (kernel-picture.h).  */
SbokehStatus sbokeh_kernel_aperture   (double                radius,
                                       const SbokehAperture *aperture,
                                       SbokehKernel         *kernel);

void         sbokeh_kernel_clear      (SbokehKernel *kernel);

/* Area of the disk of radius r centred at the origin inside the rectangle
 * [x0, x1] × [y0, y1], exactly (closed form).  Exposed for tests.  */
double       sbokeh_kernel_disk_area  (double        radius,
                                       double        x0,
                                       double        x1,
                                       double        y0,
                                       double        y1);

#endif /* SBOKEH_KERNEL_H */
