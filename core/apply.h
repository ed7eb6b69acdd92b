/* Separable Bokeh: the passes on GeglBuffers.
 *
 * Reads the region plus its halo from input in linear float in input's own
 * colour space (premultiplied "RaGaBaA float" with alpha, "RGB float"
 * without, "YaA float" / "Y float" for gray), band by band, runs the passes
 * on GEGL's threads, and writes the result to the same region of output
 * (converted to output's format).
 * Pixels beyond input's extent repeat its edge pixels (GEGL_ABYSS_CLAMP);
 * inside the extent the halo is real image, so a selection blends with its
 * surroundings.  Memory is bounded by the band size, not the image size.
 */
#ifndef SBOKEH_APPLY_H
#define SBOKEH_APPLY_H

#include <gegl.h>

#include "filters.h"

/* Called after each band with the fraction done (0 … 1); return FALSE to
 * cancel.  */
typedef gboolean (*SbokehProgressFunc) (double   fraction,
                                        gpointer user_data);

/* filters: the pairs to apply (normalised here).  highlight_boost: 0 for
 * none, up to SBOKEH_HIGHLIGHT_BOOST_MAX: colours above the knee are
 * expanded before the passes and compressed back after (params.h).  roi:
 * the region to compute, in input/output coordinates (NULL: input's
 * extent).  progress may be NULL.  cancel, if not NULL, is polled (g_atomic_int_get) between bands:
 * non-zero stops with SBOKEH_ERROR_CANCELLED.  On error or cancel, output
 * may hold some finished bands; the caller discards it (the plug-in writes
 * to the shadow buffer and does not merge it).  */
SbokehStatus sbokeh_apply_buffer (const SbokehFilters *filters,
                                  double               highlight_boost,
                                  GeglBuffer          *input,
                                  GeglBuffer          *output,
                                  const GeglRectangle *roi,
                                  SbokehProgressFunc   progress,
                                  gpointer             user_data,
                                  const gint          *cancel);

/* The working format for a source format: linear float in the source's
 * own colour space, premultiplied alpha only if it has alpha, gray kept
 * gray, so that no pass runs on a channel that is not there (an opaque
 * photo costs three channels, not four).  NULL: "RaGaBaA float" in sRGB.
 * sbokeh_apply_buffer works in it; the GEGL operation asks for it.  */
const Babl  *sbokeh_apply_work_format (const Babl *source);

/* Rows per band for a region width and halo (exposed for tests).  */
int          sbokeh_apply_band_rows (int width,
                                     int halo);

#endif /* SBOKEH_APPLY_H */
