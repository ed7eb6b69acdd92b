/* Separable Bokeh plug-in: the custom aperture's picture; see
 * aperture-picture.h.  */
#include "config.h"

#include <libgimp/gimp.h>
#include <glib/gi18n-lib.h>

#include "aperture-picture.h"

static const gchar *
picture_arg (const gchar *suffix)
{
  gchar       *name = g_strconcat (
    sbokeh_params_table[SBOKEH_PARAM_APERTURE_PICTURE].name, suffix, NULL);
  const gchar *interned = g_intern_string (name);

  g_free (name);
  return interned;
}

const gchar *
bokeh_aperture_drawable_arg (void)
{
  return picture_arg (SBOKEH_PICTURE_DRAWABLE_SUFFIX);
}

const gchar *
bokeh_aperture_brush_arg (void)
{
  return picture_arg (SBOKEH_PICTURE_BRUSH_SUFFIX);
}

static void
aperture_clear (gpointer data)
{
  BokehAperture *a = data;

  sbokeh_picture_clear (&a->picture);
  g_free (a->brush_name);
}

BokehAperture *
bokeh_aperture_ref (BokehAperture *aperture)
{
  return aperture ? g_atomic_rc_box_acquire (aperture) : NULL;
}

void
bokeh_aperture_unref (BokehAperture *aperture)
{
  if (aperture)
    g_atomic_rc_box_release_full (aperture, aperture_clear);
}

/* Why the picture of WHAT (a drawable's or brush's name) cannot serve.  */
static void
refused (GError       **error,
         SbokehStatus   status,
         const gchar   *what)
{
  if (status == SBOKEH_ERROR_PICTURE)
    g_set_error (error, GIMP_PLUG_IN_ERROR, 0,
                 _("The aperture picture '%s' is all black or transparent: "
                   "no light would pass."), what);
  else if (status == SBOKEH_ERROR_OVERFLOW)
    g_set_error (error, GIMP_PLUG_IN_ERROR, 0,
                 _("The aperture picture '%s' is larger than %d pixels on a "
                   "side."), what, SBOKEH_PICTURE_SIDE_MAX);
  else
    g_set_error_literal (error, GIMP_PLUG_IN_ERROR, 0,
                         sbokeh_status_message (status));
}

static gboolean
same_brush (const gchar *name,
            GimpBrush   *brush)
{
  gchar    *its = gimp_resource_get_name (GIMP_RESOURCE (brush));
  gboolean  same = ! g_strcmp0 (name, its);

  g_free (its);
  return same;
}

BokehAperture *
bokeh_aperture_read (GimpProcedureConfig *config,
                     BokehAperture       *same,
                     GError             **error)
{
  GimpDrawable  *drawable = NULL;
  GimpBrush     *brush = NULL;
  BokehAperture *a = NULL;
  GeglBuffer    *buffer;
  SbokehStatus   status;

  if (gimp_procedure_config_get_choice_id (
        config, sbokeh_params_table[SBOKEH_PARAM_SHAPE].name) !=
      SBOKEH_SHAPE_CUSTOM)
    return NULL;
  g_object_get (config, bokeh_aperture_drawable_arg (), &drawable,
                bokeh_aperture_brush_arg (), &brush, NULL);
  /* The drawable takes precedence.  */
  if (drawable && ! gimp_item_is_valid (GIMP_ITEM (drawable)))
    g_clear_object (&drawable);
  if (drawable)
    g_clear_object (&brush);
  if (brush && ! gimp_resource_is_valid (GIMP_RESOURCE (brush)))
    g_clear_object (&brush);

  if (same && drawable &&
      same->drawable_id == gimp_item_get_id (GIMP_ITEM (drawable)))
    a = bokeh_aperture_ref (same);
  else if (same && brush && same->brush_name &&
           same_brush (same->brush_name, brush))
    a = bokeh_aperture_ref (same);
  else if (drawable || brush)
    {
      gchar *what;

      a = g_atomic_rc_box_new0 (BokehAperture);
      a->drawable_id = -1;
      if (drawable)
        {
          a->drawable_id = gimp_item_get_id (GIMP_ITEM (drawable));
          what = gimp_item_get_name (GIMP_ITEM (drawable));
          buffer = gimp_drawable_get_buffer (drawable);
          status = sbokeh_picture_read (buffer, SBOKEH_PICTURE_LUMINANCE,
                                        &a->picture);
        }
      else
        {
          a->brush_name = gimp_resource_get_name (GIMP_RESOURCE (brush));
          what = g_strdup (a->brush_name);
          /* Its own size (0, 0), as GIMP keeps it: "Y' u8" coverage.  */
          buffer = gimp_brush_get_mask (brush, 0, 0, NULL);
          status = buffer ? sbokeh_picture_read (buffer,
                                                 SBOKEH_PICTURE_COVERAGE,
                                                 &a->picture)
                          : SBOKEH_ERROR_PICTURE;
        }
      g_clear_object (&buffer);
      if (status != SBOKEH_OK)
        {
          refused (error, status, what);
          bokeh_aperture_unref (a);
          a = NULL;
        }
      g_free (what);
    }
  g_clear_object (&drawable);
  g_clear_object (&brush);
  return a;
}
