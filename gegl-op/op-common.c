/* Separable Bokeh's GEGL operations: what the two share (op-common.h). */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include <gegl-plugin.h>

#include "op-common.h"

/* The property labels are translated when GEGL registers the classes:
 * bind the catalog (installed beside the plug-in) as soon as the module
 * loads.  */
static void sbokeh_op_bind_textdomain (void) __attribute__ ((constructor));

static void
sbokeh_op_bind_textdomain (void)
{
  bindtextdomain (GETTEXT_PACKAGE, SBOKEH_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
}

const char *
sbokeh_op_label (const char *label)
{
  const char *p;
  GString    *plain = g_string_new (NULL);
  const char *interned;

  for (p = _(label); *p; p++)
    if (*p != '_')
      g_string_append_c (plain, *p);
  interned = g_intern_string (plain->str);
  g_string_free (plain, TRUE);
  return interned;
}

/* The designs of the last few property sets, for the whole process: GIMP
 * makes a new operation for every filter it applies (every run of the
 * plug-in, every photo of a batch), and a design can cost more than the
 * passes (boxes, radius 200: 0.4 s against 0.3 s).  Four: a few filters
 * with different settings on the layers of one image.  Only the filters
 * are kept (a few KiB), with a count of the applies using them: the lock
 * is not held while applying, because reading the input may render other
 * layers' filters, ours among them, on GEGL's threads.  */
#define DESIGNS_KEPT 4

typedef struct
{
  SbokehParams  params;
  SbokehFilters filters;
  int           users;     /* applies running with these filters       */
  gboolean      dropped;   /* out of the list: freed by its last user  */
} Kept;

static GMutex  designs_lock;
static Kept   *designs[DESIGNS_KEPT];   /* most recent first */

static void
kept_free (Kept *k)
{
  sbokeh_filters_clear (&k->filters);
  g_free (k);
}

/* The filters for P, made or found, with one more user: give them back
 * with kept_release ().  */
static SbokehStatus
kept_take (const SbokehParams  *p,
           Kept               **kept)
{
  Kept        *found = NULL;
  SbokehStatus status = SBOKEH_OK;
  int          i;

  g_mutex_lock (&designs_lock);
  for (i = 0; i < DESIGNS_KEPT && designs[i]; i++)
    if (sbokeh_params_same_design (&designs[i]->params, p))
      {
        found = designs[i];
        break;
      }
  if (! found)
    {
      SbokehDesign design;

      /* Designing under the lock: it never calls GEGL.  */
      status = sbokeh_design_run (p, &design);
      if (status == SBOKEH_OK)
        {
          found = g_new0 (Kept, 1);
          found->params = *p;
          status = sbokeh_filters_copy (&design.filters, &found->filters);
          sbokeh_design_clear (&design);
        }
      if (status != SBOKEH_OK)
        {
          g_free (found);
          g_mutex_unlock (&designs_lock);
          return status;
        }
      i = DESIGNS_KEPT - 1;
      if (designs[i])
        {
          designs[i]->dropped = TRUE;
          if (designs[i]->users == 0)
            kept_free (designs[i]);
        }
    }
  /* Move to the front: entries 0 … i − 1 shift by one.  */
  memmove (designs + 1, designs, i * sizeof (designs[0]));
  designs[0] = found;
  found->users++;
  g_mutex_unlock (&designs_lock);
  *kept = found;
  return SBOKEH_OK;
}

static void
kept_release (Kept *k)
{
  g_mutex_lock (&designs_lock);
  if (--k->users == 0 && k->dropped)
    kept_free (k);
  g_mutex_unlock (&designs_lock);
}

SbokehStatus
sbokeh_op_uniform (const SbokehParams  *params,
                   GeglBuffer          *input,
                   GeglBuffer          *output,
                   const GeglRectangle *result)
{
  Kept        *kept;
  SbokehStatus status = kept_take (params, &kept);

  if (status != SBOKEH_OK)
    return status;
  status = sbokeh_apply_buffer (&kept->filters, params->highlight_boost,
                                input, output, result, NULL, NULL, NULL);
  kept_release (kept);
  if (status == SBOKEH_OK)
    status = sbokeh_grain_restore (params, input, NULL, output, result);
  return status;
}

SbokehStatus
sbokeh_op_picture (const char          *path,
                   SbokehParams        *p,
                   SbokehPictureBuffer *picture)
{
  GeglNode    *graph, *load, *sink;
  GeglBuffer  *loaded = NULL;
  SbokehStatus status;

  memset (picture, 0, sizeof (*picture));
  if (p->aperture.shape != SBOKEH_SHAPE_CUSTOM)
    return SBOKEH_OK;
  if (! path || ! *path || ! g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return SBOKEH_ERROR_PICTURE;
  graph = gegl_node_new ();
  load = gegl_node_new_child (graph, "operation", "gegl:load", "path", path,
                              NULL);
  sink = gegl_node_new_child (graph, "operation", "gegl:buffer-sink",
                              "buffer", &loaded, NULL);
  gegl_node_link (load, sink);
  gegl_node_process (sink);
  g_object_unref (graph);
  if (! loaded)
    return SBOKEH_ERROR_PICTURE;
  status = sbokeh_picture_read (loaded, SBOKEH_PICTURE_LUMINANCE, picture);
  g_object_unref (loaded);
  if (status == SBOKEH_ERROR_ARGUMENT)
    status = SBOKEH_ERROR_PICTURE;   /* nothing loaded: an empty extent */
  if (status == SBOKEH_OK)
    sbokeh_aperture_set_picture (&p->aperture, &picture->picture);
  return status;
}

/* GLib writes a message in the console's character set, each character
 * that set lacks as '?' (the C locale's set is ASCII): a message that does
 * not fit is written in ASCII, transliterated.  The English messages are
 * ASCII already; this is for translations in a locale that is not UTF-8.  */
static gchar *
console_text (const gchar *text)
{
  const gchar *charset;
  gchar       *converted;

  if (g_get_console_charset (&charset))
    return g_strdup (text);
  converted = g_convert (text, -1, charset, "UTF-8", NULL, NULL, NULL);
  if (converted)
    {
      g_free (converted);
      return g_strdup (text);
    }
  return g_str_to_ascii (text, NULL);
}

void
sbokeh_op_warn_refused (const char   *operation,
                        SbokehStatus  status)
{
  gchar *reason, *line;

  if (status == SBOKEH_ERROR_WEIGHTS_ZERO)
    reason = g_strdup_printf (_("At least one of %s, %s and %s must be above "
                                "%g."),
                              sbokeh_params_table[SBOKEH_PARAM_L2_WEIGHT].name,
                              sbokeh_params_table[SBOKEH_PARAM_NONNEG_WEIGHT].name,
                              sbokeh_params_table[SBOKEH_PARAM_ZEROS_WEIGHT].name,
                              SBOKEH_WEIGHT_MIN);
  else if (status == SBOKEH_ERROR_PICTURE)
    reason = g_strdup_printf (_("Shape %s needs the property %s: a picture "
                                "file that can be loaded and is not all "
                                "black or transparent."),
                              SBOKEH_WHEN_CUSTOM_NICK,
                              sbokeh_params_table[SBOKEH_PARAM_APERTURE_PICTURE].name);
  else
    reason = g_strdup (sbokeh_status_message (status));
  line = g_strconcat (reason, " ", _("The input passes through unchanged."),
                      NULL);
  g_free (reason);
  reason = console_text (line);
  g_warning ("%s: %s", operation, reason);
  g_free (reason);
  g_free (line);
}

void
sbokeh_op_timing (const char          *operation,
                  const GeglRectangle *result,
                  gint64               start,
                  GeglBuffer          *input,
                  const char          *how)
{
  if (g_getenv ("SBOKEH_APPLY_TIMING"))
    g_printerr ("%s: %dx%d in %.3f s (%s%s%s)\n", operation,
                result->width, result->height,
                (g_get_monotonic_time () - start) * 1e-6,
                babl_get_name (gegl_buffer_get_format (input)),
                how ? ", " : "", how ? how : "");
}

GeglRectangle
sbokeh_op_bounding_box (GeglOperation *operation)
{
  const GeglRectangle *in = gegl_operation_source_get_bounding_box (operation,
                                                                    "input");

  return in ? *in : *GEGL_RECTANGLE (0, 0, 0, 0);
}

GeglRectangle
sbokeh_op_cached_region (GeglOperation       *operation,
                         const GeglRectangle *roi)
{
  GeglRectangle all = sbokeh_op_bounding_box (operation);

  return gegl_rectangle_is_infinite_plane (&all) ? *roi : all;
}

gboolean
sbokeh_op_finish (const char          *operation,
                  SbokehStatus         status,
                  GeglBuffer          *input,
                  GeglBuffer          *output,
                  const GeglRectangle *result,
                  gint64               start,
                  const char          *what)
{
  if (status != SBOKEH_OK)
    gegl_buffer_copy (input, result, GEGL_ABYSS_NONE, output, result);
  sbokeh_op_timing (operation, result, start, input, what);
  if (status != SBOKEH_OK)
    sbokeh_op_warn_refused (operation, status);
  return status == SBOKEH_OK;
}
