/* Separable Bokeh's GEGL operations: what the two share (op-common.c).
 *
 * The module has two operations with the same properties, the parameter
 * table's (op-properties.h): sbokeh:separable-bokeh, the uniform blur, an
 * area filter GIMP keeps as an editable filter; and
 * sbokeh:separable-bokeh-depth, the same blur with an aux input carrying
 * a depth map (depth of field, core/depth.h).  Two, because GIMP 3.0 and
 * 3.2 refuse to keep any operation that has an aux pad as an editable
 * filter, connected or not (docs/gimp-versions.md, measured): the
 * uniform blur keeps its editable filter, the depth of field is merged.  */
#ifndef SBOKEH_OP_COMMON_H
#define SBOKEH_OP_COMMON_H

#include <gegl.h>

#include "sbokeh.h"

#define SBOKEH_OP_UNIFORM "sbokeh:separable-bokeh"
#define SBOKEH_OP_DEPTH   "sbokeh:separable-bokeh-depth"

/* A label without its mnemonic, translated: GIMP's filter dialog and the
 * gegl command show it as it is.  Called while GEGL registers a class.  */
const char  * sbokeh_op_label        (const char          *label);

/* The uniform blur of INPUT into OUTPUT over RESULT with the filters of
 * PARAMS (the highlight boost included): what sbokeh:separable-bokeh does,
 * and sbokeh:separable-bokeh-depth without a depth map.  The filters of
 * the last few property sets are kept for the whole process
 * (op-common.c), so only a change of shape or weights designs anew.  */
SbokehStatus  sbokeh_op_uniform      (const SbokehParams  *params,
                                      GeglBuffer          *input,
                                      GeglBuffer          *output,
                                      const GeglRectangle *result);

/* With shape custom, the picture of the file at PATH (the property
 * aperture: any image GEGL loads, read by sbokeh_picture_read) into
 * PICTURE and set on P, which then reads it: clear PICTURE with
 * sbokeh_picture_clear after the apply.  Read on every apply (a file
 * edited meanwhile counts; the designs are kept by the picture's hash).
 * SBOKEH_ERROR_PICTURE when PATH is empty, cannot be loaded or is all
 * black or transparent; SBOKEH_OK and nothing done for other shapes.  */
SbokehStatus  sbokeh_op_picture      (const char          *path,
                                      SbokehParams        *p,
                                      SbokehPictureBuffer *picture);

/* Both operations keep the input's size (edges repeat the border pixel),
 * as GIMP's filters do, instead of growing by the halo; and compute the
 * whole image at once: every output pixel of a chunk needs its halo, up
 * to 2 × 500 pixels on each side, so chunk by chunk (as GIMP asks) would
 * read and filter those halos over and over, while the core streams the
 * whole image in bands on all threads, once, and GEGL caches it.  An
 * endless input (a generator): chunk by chunk after all.  */
GeglRectangle sbokeh_op_bounding_box  (GeglOperation       *operation);
GeglRectangle sbokeh_op_cached_region (GeglOperation       *operation,
                                       const GeglRectangle *roi);

/* The end of an apply by OPERATION: on failure the output is the input
 * (GIMP merges whatever comes out, so the layer stays as it was) and the
 * refusal is said; the timing (sbokeh_op_timing) either way.  Returns
 * what process () returns.  */
gboolean      sbokeh_op_finish        (const char          *operation,
                                       SbokehStatus         status,
                                       GeglBuffer          *input,
                                       GeglBuffer          *output,
                                       const GeglRectangle *result,
                                       gint64               start,
                                       const char          *what);

/* Settings the core refuses, said once per apply by OPERATION (its name):
 * GEGL cannot fail a graph, so the warning names the properties and the
 * output is the input, which GIMP, merging whatever comes out, leaves as
 * the layer was.  In ASCII when the console's character set lacks a
 * character of the message.  */
void          sbokeh_op_warn_refused (const char          *operation,
                                      SbokehStatus         status);

/* With SBOKEH_APPLY_TIMING set: the apply's size, time since START (from
 * g_get_monotonic_time) and input format on stderr.  */
void          sbokeh_op_timing       (const char          *operation,
                                      const GeglRectangle *result,
                                      gint64               start,
                                      GeglBuffer          *input,
                                      const char          *how);

/* The body of params_from_properties (GeglProperties *o, SbokehParams *p)
 * in each operation: every table entry's property into its field, then the
 * rank fitted to the kernel.  The variables must be named o and p.  */
#define SBOKEH_OP_COPY_NUMBER(ID, ident, name, field, ...) p->field = o->ident;
#define SBOKEH_OP_COPY_CHOICE(ID, ident, Type, name, field, ...) \
  p->field = (int) o->ident;
#define SBOKEH_OP_NOTHING(...)
#define SBOKEH_OP_PARAMS_FROM_PROPERTIES                                  \
  G_STMT_START {                                                          \
    sbokeh_params_init_default (p);                                       \
    SBOKEH_PARAMS (SBOKEH_OP_COPY_NUMBER, SBOKEH_OP_COPY_NUMBER,          \
                   SBOKEH_OP_COPY_CHOICE, SBOKEH_OP_COPY_NUMBER,          \
                   SBOKEH_OP_NOTHING, SBOKEH_OP_NOTHING)                  \
    /* The properties' ranges are independent: rank 4 slid down to       \
     * radius 1 means as many passes as the kernel has, not an error.  */ \
    sbokeh_params_fit_rank (p);                                           \
  } G_STMT_END

#endif /* SBOKEH_OP_COMMON_H */
