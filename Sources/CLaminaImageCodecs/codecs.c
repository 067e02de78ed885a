#include "CLaminaImageCodecs.h"
#include <png.h>
#include <stdio.h>
#include <jpeglib.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

static int fail(char *error, size_t size, const char *message) {
    snprintf(error, size, "%s", message);
    return -1;
}

void lamina_image_free(void *p) { free(p); }

int lamina_png_decode(const unsigned char *data, size_t size, int channels, unsigned char **pixels,
                      int *width, int *height, char *error, size_t errorSize) {
    png_image image;
    memset(&image, 0, sizeof image);
    image.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_memory(&image, data, size)) return fail(error, errorSize, image.message);
    image.format = channels == 1 ? PNG_FORMAT_GRAY : PNG_FORMAT_RGB;
    size_t bytes = PNG_IMAGE_SIZE(image);
    unsigned char *buffer = malloc(bytes);
    if (!buffer) { png_image_free(&image); return fail(error, errorSize, "out of memory"); }
    if (!png_image_finish_read(&image, NULL, buffer, 0, NULL)) {
        free(buffer);
        return fail(error, errorSize, image.message);
    }
    *pixels = buffer; *width = (int)image.width; *height = (int)image.height;
    return 0;
}

int lamina_png_encode(const unsigned char *pixels, int width, int height, int channels,
                      unsigned char **out, size_t *outSize, char *error, size_t errorSize) {
    png_image image;
    memset(&image, 0, sizeof image);
    image.version = PNG_IMAGE_VERSION;
    image.width = (png_uint_32)width; image.height = (png_uint_32)height;
    image.format = channels == 1 ? PNG_FORMAT_GRAY : channels == 4 ? PNG_FORMAT_RGBA : PNG_FORMAT_RGB;
    png_alloc_size_t size = 0;
    if (!png_image_write_to_memory(&image, NULL, &size, 0, pixels, 0, NULL)) return fail(error, errorSize, image.message);
    unsigned char *buffer = malloc(size);
    if (!buffer) return fail(error, errorSize, "out of memory");
    if (!png_image_write_to_memory(&image, buffer, &size, 0, pixels, 0, NULL)) {
        free(buffer);
        return fail(error, errorSize, image.message);
    }
    *out = buffer; *outSize = size;
    return 0;
}

struct jpeg_error {
    struct jpeg_error_mgr base;
    jmp_buf jump;
    char message[JMSG_LENGTH_MAX];
};

static void jpeg_error_exit(j_common_ptr info) {
    struct jpeg_error *e = (struct jpeg_error *)info->err;
    (*info->err->format_message)(info, e->message);
    longjmp(e->jump, 1);
}

/// Warnings (level -1: corrupt data, premature end of file) are counted and kept: decoding treats
/// them as errors, as Pillow does for truncated files.
static void jpeg_warning(j_common_ptr info, int level) {
    struct jpeg_error *e = (struct jpeg_error *)info->err;
    if (level < 0 && info->err->num_warnings++ == 0) (*info->err->format_message)(info, e->message);
}

int lamina_jpeg_decode(const unsigned char *data, size_t size, int channels, unsigned char **pixels,
                       int *width, int *height, char *error, size_t errorSize) {
    struct jpeg_decompress_struct info;
    struct jpeg_error err;
    unsigned char *volatile buffer = NULL;
    info.err = jpeg_std_error(&err.base);
    err.base.error_exit = jpeg_error_exit;
    err.base.emit_message = jpeg_warning;
    if (setjmp(err.jump)) {
        jpeg_destroy_decompress(&info);
        free(buffer);
        return fail(error, errorSize, err.message);
    }
    jpeg_create_decompress(&info);
    jpeg_mem_src(&info, data, (unsigned long)size);
    jpeg_read_header(&info, TRUE);
    info.out_color_space = channels == 1 ? JCS_GRAYSCALE : JCS_RGB;
    jpeg_start_decompress(&info);
    size_t stride = (size_t)info.output_width * (size_t)info.output_components;
    buffer = malloc(stride * info.output_height);
    if (!buffer) { jpeg_destroy_decompress(&info); return fail(error, errorSize, "out of memory"); }
    while (info.output_scanline < info.output_height) {
        unsigned char *row = buffer + stride * info.output_scanline;
        jpeg_read_scanlines(&info, &row, 1);
    }
    jpeg_finish_decompress(&info);
    if (err.base.num_warnings > 0) {
        jpeg_destroy_decompress(&info);
        free(buffer);
        return fail(error, errorSize, err.message);
    }
    *pixels = buffer; *width = (int)info.output_width; *height = (int)info.output_height;
    jpeg_destroy_decompress(&info);
    return 0;
}

int lamina_jpeg_encode(const unsigned char *pixels, int width, int height, int channels, int quality,
                       unsigned char **out, size_t *outSize, char *error, size_t errorSize) {
    struct jpeg_compress_struct info;
    struct jpeg_error err;
    unsigned char *volatile buffer = NULL;
    unsigned long size = 0;
    info.err = jpeg_std_error(&err.base);
    err.base.error_exit = jpeg_error_exit;
    err.base.emit_message = jpeg_warning;
    if (setjmp(err.jump)) {
        jpeg_destroy_compress(&info);
        free(buffer);
        return fail(error, errorSize, err.message);
    }
    jpeg_create_compress(&info);
    unsigned char *mem = NULL;
    jpeg_mem_dest(&info, &mem, &size);
    info.image_width = (JDIMENSION)width; info.image_height = (JDIMENSION)height;
    info.input_components = channels;
    info.in_color_space = channels == 1 ? JCS_GRAYSCALE : JCS_RGB;
    jpeg_set_defaults(&info);
    jpeg_set_quality(&info, quality, TRUE);
    jpeg_start_compress(&info, TRUE);
    size_t stride = (size_t)width * (size_t)channels;
    while (info.next_scanline < info.image_height) {
        unsigned char *row = (unsigned char *)pixels + stride * info.next_scanline;
        jpeg_write_scanlines(&info, &row, 1);
    }
    jpeg_finish_compress(&info);
    jpeg_destroy_compress(&info);
    *out = mem; *outSize = size;
    return 0;
}
