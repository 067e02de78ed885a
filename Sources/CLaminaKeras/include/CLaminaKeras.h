#ifndef CLAMINAKERAS_H
#define CLAMINAKERAS_H
/* Nothing to call: register.c registers LaminaKeras's file formats with Lamina when the
   program loads (a C constructor calling lamina_keras_register, defined in Swift). */
#endif
