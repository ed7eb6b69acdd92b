/* Separable Bokeh plug-in: the dialog's depth of field controls; see
 * depth-controls.h.  */
#include "config.h"

#include <math.h>

#include <libgimp/gimp.h>
#include <libgimp/gimpui.h>
#include <glib/gi18n-lib.h>

#include "depth-controls.h"
#include "procedure-args.h"

/* The picker's entry for no map.  */
#define NO_MAP_ID (-1)

/* A press and release this close (in the preview's pixels) are a click
 * that focuses; farther apart, the preview's own drag that pans.  */
#define CLICK_SLOP 3.0

/* The blur map's tints: in front of the focus warm, behind it cool, each
 * channel's share of the gray level (white stays white at full blur on
 * the brightest channel).  */
static const double front_tint[3]  = { 1.0, 0.8, 0.55 };
static const double behind_tint[3] = { 0.55, 0.8, 1.0 };

static gboolean
same_size (GimpDrawable *a,
           GimpDrawable *b)
{
  return gimp_drawable_get_width (a) == gimp_drawable_get_width (b) &&
         gimp_drawable_get_height (a) == gimp_drawable_get_height (b);
}

/* The picker lists the drawables of the layer's image with its size
 * (pixel x, y of the map is pixel x, y of the layer).  */
static gboolean
map_candidate (GimpImage *image,
               GimpItem  *item,
               gpointer   data)
{
  GimpDrawable *drawable = data;

  return gimp_image_get_id (image) ==
         gimp_image_get_id (gimp_item_get_image (GIMP_ITEM (drawable))) &&
         GIMP_IS_DRAWABLE (item) && ! gimp_item_is_group (item) &&
         same_size (GIMP_DRAWABLE (item), drawable);
}

GimpDrawable *
bokeh_depth_map_usable (GimpProcedureConfig *config,
                        GimpDrawable        *drawable)
{
  GimpDrawable *map = bokeh_depth_map_from_config (config);

  if (map && ! (gimp_item_is_valid (GIMP_ITEM (map)) &&
                map_candidate (gimp_item_get_image (GIMP_ITEM (map)),
                               GIMP_ITEM (map), drawable)))
    g_clear_object (&map);
  return map;
}

/* The widgets that matter only with a map follow the picker.  */
static void
update_sensitivity (BokehDepthControls *dc)
{
  GimpDrawable *map = bokeh_depth_map_usable (dc->config, dc->drawable);
  GList        *l;

  for (l = dc->depth_names; l; l = l->next)
    gtk_widget_set_sensitive (
      gimp_procedure_dialog_get_widget (dc->dialog, l->data, G_TYPE_NONE),
      map != NULL);
  gtk_widget_set_sensitive (dc->show_map, map != NULL);
  if (dc->merge)
    gtk_widget_set_sensitive (dc->merge, map == NULL);
  g_clear_object (&map);
}

static void
combo_changed (GtkWidget          *combo,
               BokehDepthControls *dc)
{
  gint          id = NO_MAP_ID;
  GimpDrawable *map = NULL;

  if (gimp_int_combo_box_get_active (GIMP_INT_COMBO_BOX (combo), &id) &&
      id != NO_MAP_ID)
    map = gimp_drawable_get_by_id (id);
  g_object_set (dc->config,
                sbokeh_params_table[SBOKEH_PARAM_DEPTH_MAP].name, map, NULL);
  update_sensitivity (dc);
}

/* The config changed otherwise (Reset, saved settings): the picker
 * follows.  */
static void
config_map_changed (GObject            *config,
                    GParamSpec         *pspec,
                    BokehDepthControls *dc)
{
  GimpDrawable *map = bokeh_depth_map_usable (dc->config, dc->drawable);

  g_signal_handler_block (dc->combo, dc->combo_changed);
  gimp_int_combo_box_set_active (GIMP_INT_COMBO_BOX (dc->combo),
                                 map ? gimp_item_get_id (GIMP_ITEM (map))
                                     : NO_MAP_ID);
  g_signal_handler_unblock (dc->combo, dc->combo_changed);
  g_clear_object (&map);
  update_sensitivity (dc);
}

static gboolean
area_pressed (GtkWidget          *area,
              GdkEventButton     *event,
              BokehDepthControls *dc)
{
  if (event->button == 1)
    {
      dc->press_x = event->x;
      dc->press_y = event->y;
    }
  return FALSE;
}

/* A click: the focus depth becomes the map's depth under the cursor.  */
static gboolean
area_released (GtkWidget          *area,
               GdkEventButton     *event,
               BokehDepthControls *dc)
{
  GimpDrawable *map;
  GeglBuffer   *buffer;
  gint          x, y;
  gfloat        d = NAN;
  gboolean      invert = FALSE;

  if (event->button != 1 || fabs (event->x - dc->press_x) > CLICK_SLOP ||
      fabs (event->y - dc->press_y) > CLICK_SLOP)
    return FALSE;
  map = bokeh_depth_map_usable (dc->config, dc->drawable);
  if (! map)
    return FALSE;
  gimp_preview_untransform (GIMP_PREVIEW (dc->preview), (gint) event->x,
                            (gint) event->y, &x, &y);
  buffer = gimp_drawable_get_buffer (map);
  if (gegl_rectangle_contains (gegl_buffer_get_extent (buffer),
                               GEGL_RECTANGLE (x, y, 1, 1)))
    gegl_buffer_get (buffer, GEGL_RECTANGLE (x, y, 1, 1), 1.0,
                     babl_format ("Y' float"), &d, GEGL_AUTO_ROWSTRIDE,
                     GEGL_ABYSS_NONE);
  g_object_unref (buffer);
  g_object_unref (map);
  g_object_get (dc->config,
                sbokeh_params_table[SBOKEH_PARAM_INVERT_DEPTH].name, &invert,
                NULL);
  if (isfinite (d))
    {
      double f = CLAMP (invert ? 1.0 - d : d, SBOKEH_FOCUS_DEPTH_MIN,
                        SBOKEH_FOCUS_DEPTH_MAX);

      g_object_set (dc->config,
                    sbokeh_params_table[SBOKEH_PARAM_FOCUS_DEPTH].name, f,
                    NULL);
    }
  return FALSE;
}

void
bokeh_depth_controls_init (BokehDepthControls  *dc,
                           GimpProcedureDialog *pd,
                           GimpProcedureConfig *config,
                           GimpDrawable        *drawable,
                           GtkWidget           *preview,
                           GtkWidget           *merge,
                           GList               *depth_names,
                           GCallback            changed,
                           gpointer             data)
{
  const SbokehParamInfo *info = &sbokeh_params_table[SBOKEH_PARAM_DEPTH_MAP];
  GimpDrawable          *map = bokeh_depth_map_usable (config, drawable);
  GtkWidget             *box, *label, *note, *area;
  GList                 *names;

  dc->dialog = pd;
  dc->config = config;
  dc->drawable = drawable;
  dc->preview = preview;
  dc->merge = merge;
  dc->depth_names = depth_names;

  /* A map saved with the last values that no longer fits is dropped.  */
  g_object_set (config, info->name, map, NULL);

  /* The picker is ours (GIMP's own for a drawable argument lists every
   * image's): in a box of the dialog's, beside its label.  */
  label = gimp_procedure_dialog_get_label (pd, "depth-map-label", "", FALSE,
                                           FALSE);
  gtk_label_set_text_with_mnemonic (GTK_LABEL (label), _(info->label));
  box = gimp_procedure_dialog_fill_box (pd, "depth-map-box",
                                        "depth-map-label", NULL);
  gtk_orientable_set_orientation (GTK_ORIENTABLE (box),
                                  GTK_ORIENTATION_HORIZONTAL);
  gtk_box_set_spacing (GTK_BOX (box), 6);
  dc->combo = gimp_drawable_combo_box_new (map_candidate,
                                           g_object_ref (drawable),
                                           g_object_unref);
  gimp_int_combo_box_prepend (GIMP_INT_COMBO_BOX (dc->combo),
                              GIMP_INT_STORE_VALUE, NO_MAP_ID,
                              GIMP_INT_STORE_LABEL, _("None (an even blur)"),
                              -1);
  gtk_widget_set_tooltip_text (dc->combo, _(info->description));
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), dc->combo);
  gtk_box_pack_start (GTK_BOX (box), dc->combo, TRUE, TRUE, 0);
  dc->combo_changed = gimp_int_combo_box_connect (
    GIMP_INT_COMBO_BOX (dc->combo),
    map ? gimp_item_get_id (GIMP_ITEM (map)) : NO_MAP_ID,
    G_CALLBACK (combo_changed), dc, NULL);
  g_clear_object (&map);
  gtk_widget_show (dc->combo);

  note = gimp_procedure_dialog_get_label (
    pd, "depth-note",
    _("The radius is now the blur a depth 1 away from the focus. Click "
      "in the preview to focus there."), FALSE, FALSE);
  gtk_label_set_line_wrap (GTK_LABEL (note), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (note), 40);
  gtk_label_set_xalign (GTK_LABEL (note), 0.0);

  dc->show_map = gtk_check_button_new_with_mnemonic (
    _("Show the b_lur map (black sharp, white blurred by the radius)"));
  gtk_widget_show (dc->show_map);
  g_signal_connect_swapped (dc->show_map, "toggled", changed, data);

  names = g_list_prepend (g_list_copy (depth_names), "depth-map-box");
  names = g_list_append (names, "depth-note");
  box = gimp_procedure_dialog_fill_box_list (pd, "depth-box", names);
  g_list_free (names);
  gtk_box_pack_end (GTK_BOX (box), dc->show_map, FALSE, FALSE, 0);
  gimp_procedure_dialog_get_label (pd, "depth-title", _("Depth of field"),
                                   FALSE, FALSE);

  g_signal_connect (config,
                    "notify::depth-map", G_CALLBACK (config_map_changed), dc);
  area = gimp_preview_get_area (GIMP_PREVIEW (preview));
  gtk_widget_add_events (area, GDK_BUTTON_PRESS_MASK |
                               GDK_BUTTON_RELEASE_MASK);
  g_signal_connect (area, "button-press-event", G_CALLBACK (area_pressed),
                    dc);
  g_signal_connect (area, "button-release-event",
                    G_CALLBACK (area_released), dc);
  update_sensitivity (dc);
}

void
bokeh_depth_controls_clear (BokehDepthControls *dc)
{
  g_signal_handlers_disconnect_by_data (dc->config, dc);
  g_clear_pointer (&dc->depth_names, g_list_free);
}

gboolean
bokeh_depth_controls_show_map (BokehDepthControls *dc)
{
  return gtk_widget_get_sensitive (dc->show_map) &&
         gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (dc->show_map));
}

guchar *
bokeh_depth_blur_map (const SbokehParams  *params,
                      GeglBuffer          *map,
                      const GeglRectangle *area,
                      const Babl          *format)
{
  gint    bpp = babl_format_get_bytes_per_pixel (format);
  gint    colours = babl_format_get_n_components (format) -
                    (babl_format_has_alpha (format) ? 1 : 0);
  gsize   n = (gsize) area->width * area->height;
  gfloat *depth = g_try_malloc_n (n, sizeof (gfloat));
  guchar *bytes = g_try_malloc_n (n, bpp);
  gsize   i;

  if (! depth || ! bytes)
    {
      g_free (depth);
      g_free (bytes);
      return NULL;
    }
  gegl_buffer_get (map, area, 1.0, babl_format ("Y' float"), depth,
                   GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_CLAMP);
  for (i = 0; i < n; i++)
    {
      double        r = sbokeh_depth_radius (&params->depth, params->radius,
                                             depth[i]);
      double        v = CLAMP (fabs (r) / params->radius, 0.0, 1.0);
      const double *tint = r > 0 ? front_tint : behind_tint;
      guchar       *p = bytes + i * bpp;
      gint          c;

      if (colours == 1)
        p[0] = (guchar) lround (255.0 * v);
      else
        for (c = 0; c < 3; c++)
          p[c] = (guchar) lround (255.0 * v * tint[c]);
      if (colours < bpp)
        p[bpp - 1] = 255;
    }
  g_free (depth);
  return bytes;
}
