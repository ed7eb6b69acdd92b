/* sbokeh: the depth map of `apply --depth-map FILE`; see depth-map.h.  */
#include "config.h"

#include <glib/gi18n.h>

#include "depth-map.h"
#include "io.h"

/* The map's values as stored, in one float channel labelled "Y' float",
 * which the core reads (core/depth.h).
 *
 * babl gives a perceptual map's stored values as "Y'" (a gray map's own
 * numbers) but a linear one's (EXR, which GEGL loads as linear "Y" or
 * "RGB") only as "Y": read as "Y'" they would pass through the sRGB
 * curve, 0.5 becoming 0.735.  So a linear map is read as "Y" and its
 * numbers relabelled "Y'", byte for byte (the same 4 bytes a pixel).
 *
 * An RGB map's luminance comes from babl (through linear light and back,
 * so within a float's rounding); where its three channels are equal (a
 * gray map saved as RGB, as many tools do) their value is taken as it is,
 * so that such a map gives the gray map's result exactly: the core's
 * slices snap to the map's radii (core/depth-ladder.c), and a radius an
 * ulp off can end in another slice.  */
static GeglBuffer *
stored_values (GeglBuffer *loaded)
{
  const Babl *format = gegl_buffer_get_format (loaded);
  int         flags = babl_get_model_flags (babl_format_get_model (format));
  gboolean    linear = (flags & BABL_MODEL_FLAG_LINEAR) != 0;
  const Babl *gray = babl_format_with_space (linear ? "Y float" : "Y' float",
                                             format);
  const Babl *rgb = babl_format_with_space (linear ? "RGB float"
                                                   : "R'G'B' float", format);
  GeglBuffer *map = gegl_buffer_new (gegl_buffer_get_extent (loaded), gray);

  if (! (flags & BABL_MODEL_FLAG_RGB))
    gegl_buffer_copy (loaded, NULL, GEGL_ABYSS_NONE, map, NULL);
  else
    {
      GeglBufferIterator *it = gegl_buffer_iterator_new (
                                 map, NULL, 0, gray, GEGL_ACCESS_WRITE,
                                 GEGL_ABYSS_NONE, 3);

      gegl_buffer_iterator_add (it, loaded, NULL, 0, gray, GEGL_ACCESS_READ,
                                GEGL_ABYSS_NONE);
      gegl_buffer_iterator_add (it, loaded, NULL, 0, rgb, GEGL_ACCESS_READ,
                                GEGL_ABYSS_NONE);
      while (gegl_buffer_iterator_next (it))
        {
          float       *d = it->items[0].data;
          const float *y = it->items[1].data;
          const float *c = it->items[2].data;
          gint         i;

          for (i = 0; i < it->length; i++, c += 3)
            d[i] = c[0] == c[1] && c[1] == c[2] ? c[0] : y[i];
        }
    }
  if (linear)
    gegl_buffer_set_format (map, babl_format_with_space ("Y' float",
                                                         format));
  return map;
}

GeglBuffer *
depth_map_load (const char          *path,
                const GeglRectangle *image,
                const char          *image_path,
                GError             **error)
{
  GeglBuffer *loaded, *map;
  int         width, height;

  loaded = io_load (path, error);
  if (! loaded)
    return NULL;
  width  = gegl_buffer_get_width (loaded);
  height = gegl_buffer_get_height (loaded);
  if (width != image->width || height != image->height)
    {
      g_set_error (error, IO_ERROR, IO_EXIT_USAGE,
                   _("depth map '%s' is %d × %d pixels, not the size of "
                     "'%s' (%d × %d)"),
                   path, width, height, image_path, image->width,
                   image->height);
      g_object_unref (loaded);
      return NULL;
    }
  map = stored_values (loaded);
  g_object_unref (loaded);
  return map;
}
