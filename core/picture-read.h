/* Separable Bokeh: a custom aperture's picture read from a GeglBuffer.
 *
 * Every front end reads its picture here, so that a drawable in GIMP, a
 * file of the CLI and the GEGL operation's file give the same values
 * from the same pixels: one channel, the picture's luminance in linear
 * light (babl's "Y", in the buffer's own colour space) times its alpha
 * (not premultiplied: a transparent pixel lets no light through,
 * whatever its colour), negative values (a float picture's) and values
 * that are not finite as 0.  A brush's mask (SBOKEH_PICTURE_COVERAGE) is
 * read as its stored numbers instead, 0 … 1: a mask is coverage, not
 * light, and GIMP keeps it as "Y' u8", which linearising would darken.
 * The buffer's extent is the picture; its offset does not matter.
 */
#ifndef SBOKEH_PICTURE_READ_H
#define SBOKEH_PICTURE_READ_H

#include <gegl.h>

#include "kernel-picture.h"
#include "status.h"

typedef enum
{
  SBOKEH_PICTURE_LUMINANCE,  /* linear luminance × alpha */
  SBOKEH_PICTURE_COVERAGE    /* the one channel's stored values (a mask) */
} SbokehPictureRead;

/* The picture and its values, which it owns.  */
typedef struct
{
  SbokehPicture picture;
  float        *values;
} SbokehPictureBuffer;

/* Reads BUFFER into OUT (cleared first, zeroed on failure) and
 * initialises OUT->picture.  Statuses: SBOKEH_ERROR_ARGUMENT (NULL, an
 * empty extent), SBOKEH_ERROR_OVERFLOW (a side above
 * SBOKEH_PICTURE_SIDE_MAX), SBOKEH_ERROR_NO_MEMORY, SBOKEH_ERROR_PICTURE
 * (every value 0: all black or transparent).  */
SbokehStatus sbokeh_picture_read  (GeglBuffer          *buffer,
                                   SbokehPictureRead    how,
                                   SbokehPictureBuffer *out);

void         sbokeh_picture_clear (SbokehPictureBuffer *picture);

#endif /* SBOKEH_PICTURE_READ_H */
