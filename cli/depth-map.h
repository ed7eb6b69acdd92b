/* sbokeh: the depth map of `apply --depth-map FILE` (core/depth.h).
 *
 * What: FILE read by the strict loader (io-load.c: the same size limits
 * and decoder checks as INPUT), refused unless it has INPUT's size, and
 * handed to the core as one float channel holding the map's stored
 * values: a gray map's values, an RGB map's luminance, 8 or 16 bits
 * scaled to 0 … 1, float as it is (NaN and ±Inf kept: the core takes
 * them as the focus, sharp).  Cost: one pass over the map and 4 bytes a
 * pixel.  Precision: exact for gray maps (a float's rounding of k / 255
 * or k / 65535); an RGB map's luminance within a float's rounding of
 * babl's.
 */
#ifndef SBOKEH_CLI_DEPTH_MAP_H
#define SBOKEH_CLI_DEPTH_MAP_H

#include <gegl.h>

/* The map at path as the core reads it ("Y' float" in its own space: the
 * stored values), or NULL and an error whose code is the exit status
 * (IO_EXIT_USAGE: not an image, damaged, too large, or not image's size,
 * named with image_path and both sizes).  */
GeglBuffer *depth_map_load (const char          *path,
                            const GeglRectangle *image,
                            const char          *image_path,
                            GError             **error);

#endif /* SBOKEH_CLI_DEPTH_MAP_H */
