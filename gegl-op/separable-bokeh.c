/* Separable Bokeh as a GEGL operation: "sbokeh:separable-bokeh".
 *
 * The same core as the plug-in, as an area filter, so that GIMP 3 can use
 * it as a non-destructive filter with on-canvas preview, and the gegl
 * command can run it:  gegl in.jpg -o out.png -- sbokeh:separable-bokeh
 * radius=30.  The properties are the parameter table's (core/params.h):
 * each entry of SBOKEH_PARAMS becomes a property with its name, label,
 * description, range, slider range and default.  The halo is the kernel's
 * half size; the designed filters are kept for the last few property sets
 * (for the whole process), so only a change of shape or weights
 * re-optimises.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "params.h"

#ifdef GEGL_PROPERTIES

/* One property per table entry.  GEGL includes this block several times,
 * with property_double () and the others defined differently each time.  */
#define OP_UNIT_NONE
#define OP_UNIT_PIXELS    ui_meta ("unit", "pixel-distance")
#define OP_UNIT_DEGREES   ui_meta ("unit", "degree")
#define OP_WHEN_ALWAYS
#define OP_WHEN_POLYGON   ui_meta ("visible", SBOKEH_WHEN_POLYGON_PARAM \
                                   " {" SBOKEH_WHEN_POLYGON_NICK "}")

#define OP_NUMBER(kind, ID, ident, name, field, unit, when, group, stage,  \
                  status, step, page, label, desc)                         \
  property_##kind (ident, op_label (label), SBOKEH_##ID##_DEFAULT)         \
    description (_(desc))                                                  \
    value_range (SBOKEH_##ID##_MIN, SBOKEH_##ID##_MAX)                     \
    ui_range    (SBOKEH_##ID##_SOFT_MIN, SBOKEH_##ID##_SOFT_MAX)           \
    ui_steps    (step, page)                                               \
    OP_UNIT_##unit                                                         \
    OP_WHEN_##when
#define OP_DOUBLE(...) OP_NUMBER (double, __VA_ARGS__)
#define OP_INT(...)    OP_NUMBER (int, __VA_ARGS__)

#define OP_ENUM_VALUE(value, nick, label) enum_value (SBOKEH_OP_##value, nick, label)
#define OP_CHOICE(ID, ident, Type, name, field, when, group, stage, status, \
                  label, desc)                                             \
  enum_start (sbokeh_op_##ident)                                           \
    SBOKEH_##ID##_CHOICES (OP_ENUM_VALUE)                                  \
  enum_end (SbokehOp##Type)                                                \
  property_enum (ident, op_label (label), SbokehOp##Type,                  \
                 sbokeh_op_##ident, SBOKEH_##ID##_DEFAULT)                 \
    description (_(desc))                                                  \
    OP_WHEN_##when

#define OP_BOOLEAN(ID, ident, name, field, when, group, stage, label, desc) \
  property_boolean (ident, op_label (label), SBOKEH_##ID##_DEFAULT)        \
    description (_(desc))                                                  \
    OP_WHEN_##when
/* The image is the aux input, not a property.  */
#define OP_IMAGE(...)

SBOKEH_PARAMS (OP_DOUBLE, OP_INT, OP_CHOICE, OP_BOOLEAN, OP_IMAGE)

#else

#define GEGL_OP_AREA_FILTER
#define GEGL_OP_NAME     separable_bokeh
#define GEGL_OP_C_SOURCE separable-bokeh.c

/* A label without its mnemonic: GIMP's filter dialog and the gegl
 * command show it as it is.  Called while GEGL registers the class.  */
static const char *
op_label (const char *label)
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

#include "gegl-op.h"
#include "sbokeh.h"

/* The enums' values are the core's (params_from_properties copies them).  */
#define OP_SAME_VALUE(value, nick, label) \
  _Static_assert ((int) SBOKEH_OP_##value == (int) value, #value);
#define OP_SAME_VALUES(ID, ...) SBOKEH_##ID##_CHOICES (OP_SAME_VALUE)
#define OP_NOTHING(...)
SBOKEH_PARAMS (OP_NOTHING, OP_NOTHING, OP_SAME_VALUES, OP_NOTHING,
               OP_NOTHING)

/* The property labels are translated when GEGL registers the class: bind
 * the catalog (installed beside the plug-in) as soon as the module loads.  */
static void sbokeh_op_bind_textdomain (void) __attribute__ ((constructor));

static void
sbokeh_op_bind_textdomain (void)
{
  bindtextdomain (GETTEXT_PACKAGE, SBOKEH_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
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

#define OP_COPY_NUMBER(ID, ident, name, field, ...) p->field = o->ident;
#define OP_COPY_CHOICE(ID, ident, Type, name, field, ...) \
  p->field = (int) o->ident;

static void
params_from_properties (GeglProperties *o,
                        SbokehParams   *p)
{
  sbokeh_params_init_default (p);
  SBOKEH_PARAMS (OP_COPY_NUMBER, OP_COPY_NUMBER, OP_COPY_CHOICE,
                 OP_COPY_NUMBER, OP_NOTHING)
  /* The properties' ranges are independent: rank 4 slid down to radius 1
   * means as many passes as the kernel has (all of it), not an error.  */
  sbokeh_params_fit_rank (p);
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

/* Settings the core refuses, said once per apply: GEGL cannot fail a
 * graph, so the warning names the properties and the output is the input,
 * which GIMP, merging whatever comes out, leaves as the layer was.  */
static void
warn_refused (SbokehStatus status)
{
  gchar *reason, *line;

  if (status == SBOKEH_ERROR_WEIGHTS_ZERO)
    reason = g_strdup_printf (_("At least one of %s, %s and %s must be above "
                                "%g."),
                              sbokeh_params_table[SBOKEH_PARAM_L2_WEIGHT].name,
                              sbokeh_params_table[SBOKEH_PARAM_NONNEG_WEIGHT].name,
                              sbokeh_params_table[SBOKEH_PARAM_ZEROS_WEIGHT].name,
                              SBOKEH_WEIGHT_MIN);
  else
    reason = g_strdup (sbokeh_status_message (status));
  line = g_strconcat (reason, " ", _("The input passes through unchanged."),
                      NULL);
  g_free (reason);
  reason = console_text (line);
  g_warning ("sbokeh:separable-bokeh: %s", reason);
  g_free (reason);
  g_free (line);
}

static void
prepare (GeglOperation *operation)
{
  GeglOperationAreaFilter *area = GEGL_OPERATION_AREA_FILTER (operation);
  GeglProperties          *o = GEGL_PROPERTIES (operation);
  const Babl              *format;
  int                      halo;

  /* The core's working format, so that it converts nothing more.  */
  format = sbokeh_apply_work_format (
             gegl_operation_get_source_format (operation, "input"));
  halo   = sbokeh_params_kernel_size (o->radius) / 2;
  area->left = area->right = area->top = area->bottom = halo;
  gegl_operation_set_format (operation, "input", format);
  gegl_operation_set_format (operation, "output", format);
}

/* The blur keeps the layer's size (edges repeat the border pixel), as
 * GIMP's filters do, instead of growing by the halo.  */
static GeglRectangle
get_bounding_box (GeglOperation *operation)
{
  const GeglRectangle *in = gegl_operation_source_get_bounding_box (operation,
                                                                    "input");

  return in ? *in : *GEGL_RECTANGLE (0, 0, 0, 0);
}

/* Every output pixel of a chunk needs its halo, up to 500 pixels on each
 * side: computing the image chunk by chunk (as GIMP asks for it) would
 * read and filter those halos over and over.  The core streams the whole
 * image in bands on all threads instead, once, and GEGL caches it.  */
static GeglRectangle
get_cached_region (GeglOperation       *operation,
                   const GeglRectangle *roi)
{
  GeglRectangle all = get_bounding_box (operation);

  /* An endless input (a generator): chunk by chunk after all.  */
  return gegl_rectangle_is_infinite_plane (&all) ? *roi : all;
}

static gboolean
process (GeglOperation       *operation,
         GeglBuffer          *input,
         GeglBuffer          *output,
         const GeglRectangle *result,
         gint                 level)
{
  GeglProperties *o = GEGL_PROPERTIES (operation);
  Kept           *kept;
  SbokehParams    p;
  SbokehStatus    status;
  gint64          start = g_get_monotonic_time ();

  params_from_properties (o, &p);
  status = kept_take (&p, &kept);
  if (status == SBOKEH_OK)
    {
      status = sbokeh_apply_buffer (&kept->filters, p.highlight_boost, input,
                                    output, result, NULL, NULL, NULL);
      kept_release (kept);
    }
  /* On failure the output is the input, so that GIMP, which merges
   * whatever comes out, leaves the layer as it was.  */
  if (status != SBOKEH_OK)
    gegl_buffer_copy (input, result, GEGL_ABYSS_NONE, output, result);
  if (g_getenv ("SBOKEH_APPLY_TIMING"))
    g_printerr ("sbokeh:separable-bokeh: %dx%d in %.3f s (%s)\n",
                result->width, result->height,
                (g_get_monotonic_time () - start) * 1e-6,
                babl_get_name (gegl_buffer_get_format (input)));

  if (status != SBOKEH_OK)
    warn_refused (status);
  return status == SBOKEH_OK;
}

static void
gegl_op_class_init (GeglOpClass *klass)
{
  GeglOperationClass       *operation_class = GEGL_OPERATION_CLASS (klass);
  GeglOperationFilterClass *filter_class    = GEGL_OPERATION_FILTER_CLASS (klass);

  operation_class->prepare = prepare;
  operation_class->get_bounding_box = get_bounding_box;
  operation_class->get_cached_region = get_cached_region;
  /* The core spreads its own work over GEGL's threads.  */
  operation_class->threaded = FALSE;
  filter_class->process    = process;

  gegl_operation_class_set_keys (operation_class,
    "name",        "sbokeh:separable-bokeh",
    "title",       _("Separable Bokeh"),
    "categories",  "blur",
    "reference-hash", "",
    "description", _("Lens blur with a disk-shaped aperture, fast"),
    NULL);
}

#endif
