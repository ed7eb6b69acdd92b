/* Separable Bokeh plug-in: the custom aperture's picture, read from the
 * procedure's config.
 *
 * With shape custom the picture is the aperture-drawable argument (a
 * layer, layer mask or channel of any open image: its linear luminance
 * times its alpha), or else the aperture-brush argument (a GIMP brush:
 * its mask, as stored), both read by the core's sbokeh_picture_read
 * (core/picture-read.h) on the main thread (libgimp's buffers may only
 * be used there).  The values live in a reference-counted box, so that
 * the dialog's jobs (on the worker thread) and the run keep them while
 * they design.  */
#ifndef BOKEH_APERTURE_PICTURE_H
#define BOKEH_APERTURE_PICTURE_H

#include <libgimp/gimp.h>

#include "sbokeh.h"

typedef struct
{
  SbokehPictureBuffer picture;
  gint                drawable_id;  /* its source: a drawable's id, or -1 */
  gchar              *brush_name;   /* … or a brush's name, or NULL        */
} BokehAperture;

/* The PDB names of the table's picture entry ("aperture-drawable") and of
 * the plug-in's brush argument after it ("aperture-brush").  */
const gchar   * bokeh_aperture_drawable_arg (void);
const gchar   * bokeh_aperture_brush_arg    (void);

/* The config's picture when its shape is custom and it has one (a new
 * reference: bokeh_aperture_unref), or NULL: another shape, no picture
 * (*error unset: the parameter check then names the arguments), or one
 * that cannot serve (*error set, translated, naming it: all black or
 * transparent, too large).  SAME (or NULL) is a picture read before,
 * returned (with one more reference) when it has the same source: a
 * modal dialog's drawables and brushes do not change meanwhile.  */
BokehAperture * bokeh_aperture_read         (GimpProcedureConfig *config,
                                             BokehAperture       *same,
                                             GError             **error);

BokehAperture * bokeh_aperture_ref          (BokehAperture       *aperture);
void            bokeh_aperture_unref        (BokehAperture       *aperture);

#endif /* BOKEH_APERTURE_PICTURE_H */
