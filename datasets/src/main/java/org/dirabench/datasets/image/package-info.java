/**
 * The 2D image type ({@link org.dirabench.datasets.image.Image2d}: channels × height × width floats in [0, 1]) and
 * the deterministic operations the views need, with Pillow's semantics because DiRA's and BTL's pipelines run on PIL
 * images: bilinear resize with antialiasing, nearest-neighbour rotation, the extended-box Gaussian blur and
 * torchvision's colour adjustments. All work in float; Pillow's 8-bit rounding after each step is not reproduced.
 * {@link org.dirabench.datasets.image.PixelScale} says how pixel constants defined at 224 carry over to other sizes.
 */
package org.dirabench.datasets.image;
