package io.rowconv.app;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * A PNG of one 2-D row, so that a user sees what happened: the input image, its kernel (enlarged to the image's
 * height, each kernel value a square of pixels) and the result, side by side in gray levels, each panel scaled
 * from its own smallest value (black) to its largest (white).
 */
final class ExamplePicture {

  private static final int GAP = 8;

  private ExamplePicture() {}

  static void write(Path file, double[][] image, double[][] kernel, double[][] result) {
    int height = Math.max(image.length, result.length);
    int scale = Math.max(1, height / Math.max(kernel.length, kernel[0].length));
    int width = image[0].length + GAP + kernel[0].length * scale + GAP + result[0].length;
    BufferedImage picture = new BufferedImage(width, Math.max(height, kernel.length * scale),
        BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < picture.getHeight(); y++) {
      for (int x = 0; x < width; x++) {
        picture.getRaster().setSample(x, y, 0, 255); // white gaps and margins
      }
    }
    int left = draw(picture, image, 0, 1);
    left = draw(picture, kernel, left + GAP, scale);
    draw(picture, result, left + GAP, 1);
    try {
      ImageIO.write(picture, "png", file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** Draws {@code values} at column {@code left}, each value a {@code scale x scale} square; returns its right edge. */
  private static int draw(BufferedImage picture, double[][] values, int left, int scale) {
    double min = Double.MAX_VALUE;
    double max = -Double.MAX_VALUE;
    for (double[] row : values) {
      for (double v : row) {
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
    }
    double span = max > min ? max - min : 1;
    for (int r = 0; r < values.length; r++) {
      for (int c = 0; c < values[r].length; c++) {
        int level = (int) Math.round(255 * (values[r][c] - min) / span);
        for (int dy = 0; dy < scale; dy++) {
          for (int dx = 0; dx < scale; dx++) {
            picture.getRaster().setSample(left + c * scale + dx, r * scale + dy, 0, level);
          }
        }
      }
    }
    return left + values[0].length * scale;
  }
}
