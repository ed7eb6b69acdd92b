/* Separable Bokeh's GEGL operations: the property block, one property per
 * entry of the parameter table (core/params.h), with its name, label
 * (without the mnemonic), description, range, slider range and steps,
 * default, unit, and the polygon-only ones visible for shape=polygon.
 *
 * Included inside #ifdef GEGL_PROPERTIES by each operation (GEGL includes
 * an operation's file several times, with property_double () and the
 * others defined differently each time): no include guard.  The includer
 * defines OP_ENUM_TYPE (Type), the GType name of a choice's enum, which
 * must differ between the operations of one process.  */

#define OP_UNIT_NONE
#define OP_UNIT_PIXELS    ui_meta ("unit", "pixel-distance")
#define OP_UNIT_DEGREES   ui_meta ("unit", "degree")
#define OP_WHEN_ALWAYS
#define OP_WHEN_POLYGON   ui_meta ("visible", SBOKEH_WHEN_POLYGON_PARAM \
                                   " {" SBOKEH_WHEN_POLYGON_NICK "}")
#define OP_WHEN_CUSTOM    ui_meta ("visible", SBOKEH_WHEN_CUSTOM_PARAM \
                                   " {" SBOKEH_WHEN_CUSTOM_NICK "}")

#define OP_NUMBER(kind, ID, ident, name, field, unit, when, group, stage,  \
                  status, step, page, label, desc)                         \
  property_##kind (ident, sbokeh_op_label (label), SBOKEH_##ID##_DEFAULT)  \
    description (_(desc))                                                  \
    value_range (SBOKEH_##ID##_MIN, SBOKEH_##ID##_MAX)                     \
    ui_range    (SBOKEH_##ID##_SOFT_MIN, SBOKEH_##ID##_SOFT_MAX)           \
    ui_steps    (step, page)                                               \
    OP_UNIT_##unit                                                         \
    OP_WHEN_##when
#define OP_DOUBLE(...) OP_NUMBER (double, __VA_ARGS__)
#define OP_INT(...)    OP_NUMBER (int, __VA_ARGS__)

#define OP_ENUM_VALUE(value, nick, label) enum_value (SBOKEH_OP_##value, nick, label)
/* Through one more macro, so that OP_ENUM_TYPE (Type) is expanded before
 * GEGL's macros paste or quote it.  */
#define OP_ENUM_END(Enum) enum_end (Enum)
#define OP_PROPERTY_ENUM(ident, label, Enum, enum_name, default_value) \
  property_enum (ident, label, Enum, enum_name, default_value)
#define OP_CHOICE(ID, ident, Type, name, field, when, group, stage, status, \
                  label, desc)                                             \
  enum_start (sbokeh_op_##ident)                                           \
    SBOKEH_##ID##_CHOICES (OP_ENUM_VALUE)                                  \
  OP_ENUM_END (OP_ENUM_TYPE (Type))                                        \
  OP_PROPERTY_ENUM (ident, sbokeh_op_label (label), OP_ENUM_TYPE (Type),   \
                    sbokeh_op_##ident, SBOKEH_##ID##_DEFAULT)              \
    description (_(desc))                                                  \
    OP_WHEN_##when

#define OP_BOOLEAN(ID, ident, name, field, when, group, stage, label, desc) \
  property_boolean (ident, sbokeh_op_label (label), SBOKEH_##ID##_DEFAULT) \
    description (_(desc))                                                  \
    OP_WHEN_##when
/* The image is the aux input (sbokeh:separable-bokeh-depth), not a
 * property.  */
#define OP_IMAGE(...)
/* The custom aperture's picture is a string property holding a file's
 * path (op-common.h: sbokeh_op_picture reads it), not an aux pad: GIMP
 * keeps the uniform operation editable only without one.  A plain
 * string, not GEGL's file path type: libgimp 3.0.4 cannot pass that one
 * ("GParamSpec type unsupported 'GeglParamFilePath'", measured), so every
 * plug-in's filter of the operation warned and none could set it.  */
#define OP_PICTURE(ID, ident, name, when, group, label, desc)              \
  property_string (ident, sbokeh_op_label (label), "")                     \
    description (_(desc))                                                  \
    OP_WHEN_##when

SBOKEH_PARAMS (OP_DOUBLE, OP_INT, OP_CHOICE, OP_BOOLEAN, OP_IMAGE, OP_PICTURE)
