/* Separable Bokeh: a custom aperture from a picture (the target T).
 *
 * A picture is one channel of values, row-major, row 0 at the top as in
 * an image: the luminance of a colour picture, a brush's mask or an
 * alpha channel, whatever the front end reads (it converts).  Colour
 * pictures give one aperture, of their luminance: the engines apply one
 * bank of filters to every channel, and per-channel apertures would
 * triple the design and the passes for colour fringes on highlights.
 *
 * From picture to kernel (sbokeh_kernel_picture):
 *
 *   - normalised: divided by the picture's largest value, so that a black
 *     and white picture's kernel is its exact coverage (values 0 … 1, as
 *     the other targets; the passes divide by Σ K anyway);
 *   - scaled: the larger side of the picture's content (the bounding box
 *     of its values above 0: empty margins do not count) spans 2 × radius
 *     kernel pixels;
 *   - centred on its centroid (the value-weighted mean position), the
 *     sub-pixel part of the shift applied in the resampling, so that the
 *     blur moves nothing;
 *   - resampled into the kernel of the radius, size 2 ⌈r⌉ + 1 like every
 *     other aperture (params.h: the rank rule, every front end's halo):
 *     each kernel pixel is the exact area average, in double, of the
 *     picture's reconstruction over the pixel's footprint — the picture's
 *     pixels as constant squares when shrinking (scale ≤ 1: box
 *     area-averaging, exact coverage of a binary picture), bilinear
 *     between the pixels' centres when enlarging (scale > 1; zero outside
 *     the picture).  Both are separable: weight rows and columns computed
 *     in closed form, no supersampling.
 *
 * Fit: centred on its centroid, a lopsided picture (a star's top point, a
 * heart's tip) may reach farther than the kernel's edge (⌈r⌉ + ½ from the
 * centre) on one side.  Then the scale is lowered so that its farthest
 * pixel edge just reaches the kernel's edge: nothing is clipped, the
 * kernel keeps its size, and the picture's larger side is under
 * 2 × radius (sbokeh_kernel_picture_geometry's fit: a five-pointed star
 * pointing up 0.97 at radius 25, 0.96 at 60; a heart, whose tip is far
 * from its centroid, 0.91 at radius 10, 0.88 at 25, 0.87 at 60).  A
 * picture symmetric about its centroid's row and column always gets
 * exactly 2 × radius.  Enlarging, the bilinear fade beyond the outermost
 * pixels (half a picture pixel) may be clipped at the kernel's edge.
 */
#ifndef SBOKEH_KERNEL_PICTURE_H
#define SBOKEH_KERNEL_PICTURE_H

#include <stdint.h>

#include "kernel.h"
#include "params.h"
#include "status.h"

/* The values are the caller's (not copied) and must stay unchanged while
 * the picture is in use; any change needs sbokeh_picture_init again.  */
typedef struct SbokehPicture
{
  int          width;
  int          height;
  const float *values;  /* width × height, row-major, finite, ≥ 0 */
  uint64_t     hash;    /* of width, height and the values' bits */
} SbokehPicture;

/* Largest side accepted: 16384 pixels (a brush or a drawable; 2³⁰ values
 * at most, so that every index and sum fits).  */
#define SBOKEH_PICTURE_SIDE_MAX 16384

/* Checks the values and sets picture (its hash included).  Refused:
 * NULL arguments, a side below 1 → SBOKEH_ERROR_ARGUMENT; a side above
 * SBOKEH_PICTURE_SIDE_MAX (w × h would overflow an index) →
 * SBOKEH_ERROR_OVERFLOW; a value NaN, infinite or negative, or every
 * value 0 (no aperture) → SBOKEH_ERROR_APERTURE.  On failure picture is
 * zeroed.  Cost: one pass over the values.  */
SbokehStatus sbokeh_picture_init       (SbokehPicture        *picture,
                                        int                   width,
                                        int                   height,
                                        const float          *values);

/* Shape custom with PICTURE (initialised), its hash copied.  */
void         sbokeh_aperture_set_picture (SbokehAperture      *aperture,
                                          const SbokehPicture *picture);

/* The kernel of size 2 ⌈radius⌉ + 1 (kernel.h: data allocated here, free
 * with sbokeh_kernel_clear) from the picture, as above.  Statuses: those
 * of sbokeh_picture_init for a bad picture (it is checked again: its hash
 * too), SBOKEH_ERROR_RADIUS, SBOKEH_ERROR_NO_MEMORY.  */
SbokehStatus sbokeh_kernel_picture     (double               radius,
                                        const SbokehPicture *picture,
                                        SbokehKernel        *kernel);

/* Where the picture lands, for tests and front ends (the dialog may say
 * how large the aperture came out).  */
typedef struct
{
  double centroid_x;  /* in picture pixels, from its top-left corner */
  double centroid_y;
  int    x0, y0;      /* the content's bounding box: pixels x0 … x1 − 1 */
  int    x1, y1;
  double scale;       /* kernel pixels per picture pixel */
  double fit;         /* scale / (2 radius / larger side): 1, or below
                         when the fit lowered it */
} SbokehPictureGeometry;

SbokehStatus sbokeh_kernel_picture_geometry (double                 radius,
                                             const SbokehPicture   *picture,
                                             SbokehPictureGeometry *geometry);

#endif /* SBOKEH_KERNEL_PICTURE_H */
