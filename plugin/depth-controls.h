/* Separable Bokeh plug-in: the dialog's depth of field controls.
 *
 * A page with the depth map picker (a drawable of the image of the
 * layer's size, or none), the table's DEPTH group (focus depth and range,
 * invert), a note on what the radius means with a map, and a toggle that
 * shows the blur map in the preview instead of the result.  A click in
 * the preview (a press and release within a few pixels, so that dragging
 * still pans) sets the focus depth to the map's depth under the cursor.
 * The controls other than the picker are greyed out without a map, and
 * so is the dialog's "merge filter" (GIMP cannot keep a filter with a
 * depth map editable: it is always merged).
 *
 * The blur map (bokeh_depth_blur_map): each pixel's blur radius over the
 * radius, 0 black (sharp) … 1 white, in front of the focus tinted warm,
 * behind it cool, so that the photographer sees which side blurs how
 * much; all on private buffers, on the dialog's worker thread.
 */
#ifndef BOKEH_DEPTH_CONTROLS_H
#define BOKEH_DEPTH_CONTROLS_H

#include <libgimp/gimp.h>
#include <libgimp/gimpui.h>

#include "sbokeh.h"

typedef struct
{
  GimpProcedureDialog *dialog;
  GimpProcedureConfig *config;
  GimpDrawable        *drawable;     /* the one filtered */
  GtkWidget           *preview;
  GtkWidget           *combo;        /* the depth map picker */
  GtkWidget           *show_map;     /* the blur map toggle */
  GtkWidget           *merge;        /* the dialog's merge-filter widget */
  GList               *depth_names;  /* the DEPTH group's arguments */
  gulong               combo_changed;
  gdouble              press_x, press_y;
} BokehDepthControls;

/* Makes the controls (registered in PD as "depth-box", with its title
 * "depth-title", for the caller to pack) and hooks the preview's clicks.  MERGE is the merge-filter
 * widget, or NULL; DEPTH_NAMES the DEPTH group's widgets, made by the
 * caller (DC takes the list).  CHANGED is called with DATA when the blur
 * map toggle changes (the config's notify covers the rest).  */
void       bokeh_depth_controls_init     (BokehDepthControls  *dc,
                                          GimpProcedureDialog *pd,
                                          GimpProcedureConfig *config,
                                          GimpDrawable        *drawable,
                                          GtkWidget           *preview,
                                          GtkWidget           *merge,
                                          GList               *depth_names,
                                          GCallback            changed,
                                          gpointer             data);
void       bokeh_depth_controls_clear    (BokehDepthControls  *dc);

/* TRUE when the preview shows the blur map.  */
gboolean   bokeh_depth_controls_show_map (BokehDepthControls  *dc);

/* The config's depth map when it can be used with DRAWABLE (same image,
 * same size), else NULL; a new reference.  */
GimpDrawable *
           bokeh_depth_map_usable        (GimpProcedureConfig *config,
                                          GimpDrawable        *drawable);

/* The blur map of AREA from MAP (read as "Y' float", covering AREA) in
 * FORMAT (the preview's 8-bit RGB or gray, with or without alpha), as
 * bytes of AREA's size (g_free them), or NULL without memory.  */
guchar   * bokeh_depth_blur_map          (const SbokehParams  *params,
                                          GeglBuffer          *map,
                                          const GeglRectangle *area,
                                          const Babl          *format);

#endif /* BOKEH_DEPTH_CONTROLS_H */
