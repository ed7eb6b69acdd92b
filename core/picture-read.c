/* Separable Bokeh: a custom aperture's picture read from a GeglBuffer;
 * see picture-read.h.  */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib.h>

#include "picture-read.h"

void
sbokeh_picture_clear (SbokehPictureBuffer *picture)
{
  if (! picture)
    return;
  g_free (picture->values);
  memset (picture, 0, sizeof (*picture));
}

SbokehStatus
sbokeh_picture_read (GeglBuffer          *buffer,
                     SbokehPictureRead    how,
                     SbokehPictureBuffer *out)
{
  const GeglRectangle *extent;
  const Babl          *format;
  float               *pixels;
  gsize                n, i;
  int                  components;
  SbokehStatus         status;

  if (! out)
    return SBOKEH_ERROR_ARGUMENT;
  memset (out, 0, sizeof (*out));
  if (! buffer)
    return SBOKEH_ERROR_ARGUMENT;
  extent = gegl_buffer_get_extent (buffer);
  if (extent->width < 1 || extent->height < 1)
    return SBOKEH_ERROR_ARGUMENT;
  if (extent->width > SBOKEH_PICTURE_SIDE_MAX ||
      extent->height > SBOKEH_PICTURE_SIDE_MAX)
    return SBOKEH_ERROR_OVERFLOW;

  components = how == SBOKEH_PICTURE_COVERAGE ? 1 : 2;
  format = babl_format_with_space (how == SBOKEH_PICTURE_COVERAGE
                                   ? "Y' float" : "YA float",
                                   gegl_buffer_get_format (buffer));
  n = (gsize) extent->width * extent->height;
  pixels = g_try_malloc_n (n, components * sizeof (float));
  out->values = g_try_malloc_n (n, sizeof (float));
  if (! pixels || ! out->values)
    {
      g_free (pixels);
      sbokeh_picture_clear (out);
      return SBOKEH_ERROR_NO_MEMORY;
    }
  gegl_buffer_get (buffer, extent, 1.0, format, pixels, GEGL_AUTO_ROWSTRIDE,
                   GEGL_ABYSS_NONE);
  for (i = 0; i < n; i++)
    {
      float v = pixels[i * components];

      if (components == 2)
        v *= pixels[i * 2 + 1];
      out->values[i] = isfinite (v) && v > 0.0f ? v : 0.0f;
    }
  g_free (pixels);

  status = sbokeh_picture_init (&out->picture, extent->width, extent->height,
                                out->values);
  if (status != SBOKEH_OK)
    {
      sbokeh_picture_clear (out);
      /* The values are finite and ≥ 0 here: all of them 0.  */
      return status == SBOKEH_ERROR_APERTURE ? SBOKEH_ERROR_PICTURE : status;
    }
  return SBOKEH_OK;
}
