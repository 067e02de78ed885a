// PNG and JPEG decoding/encoding for LaminaImages, on top of libpng (simplified API) and libjpeg
// (with a setjmp error handler, so a corrupt file returns an error instead of exiting).
// Every function returns 0 on success, or -1 with a message in `error` (at most `errorSize` bytes).
#ifndef CLAMINA_IMAGE_CODECS_H
#define CLAMINA_IMAGE_CODECS_H
#include <stddef.h>

/// Decodes to 8-bit `channels` (1 gray or 3 RGB) interleaved pixels; `*pixels` must be freed with lamina_image_free.
int lamina_png_decode(const unsigned char *data, size_t size, int channels, unsigned char **pixels,
                      int *width, int *height, char *error, size_t errorSize);
int lamina_jpeg_decode(const unsigned char *data, size_t size, int channels, unsigned char **pixels,
                       int *width, int *height, char *error, size_t errorSize);
/// Encodes 8-bit interleaved pixels (1, 3 or 4 channels for PNG; 1 or 3 for JPEG); `*out` must be freed with lamina_image_free.
int lamina_png_encode(const unsigned char *pixels, int width, int height, int channels,
                      unsigned char **out, size_t *outSize, char *error, size_t errorSize);
int lamina_jpeg_encode(const unsigned char *pixels, int width, int height, int channels, int quality,
                       unsigned char **out, size_t *outSize, char *error, size_t errorSize);
void lamina_image_free(void *p);
#endif
