// Photos are shrunk on the phone before upload: a 12-megapixel camera shot is 3–6 MB, which is slow on
// a weak signal and over the server's limit; at 1600 px on the long side and JPEG quality 0.8 it is
// about 200–400 KB and still shows every detail an inspection needs.

export interface CompressOptions {
  /** The longest side after scaling, in pixels (default 1600). Smaller images keep their size. */
  maxSide?: number;
  /** JPEG quality 0–1 (default 0.8). */
  quality?: number;
}

const COMPRESSIBLE = /^image\/(jpeg|png|webp|heic|heif|bmp|gif)$/i;

async function decode(
  file: Blob,
): Promise<{ source: CanvasImageSource; width: number; height: number; done(): void }> {
  // createImageBitmap applies the EXIF orientation (a portrait photo stays upright); older WebViews lack it.
  if (typeof createImageBitmap === 'function') {
    try {
      const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
      return { source: bitmap, width: bitmap.width, height: bitmap.height, done: () => bitmap.close() };
    } catch {
      // fall through to <img>
    }
  }
  const url = URL.createObjectURL(file);
  try {
    const img = new Image();
    img.decoding = 'async';
    img.src = url;
    await img.decode();
    return {
      source: img,
      width: img.naturalWidth,
      height: img.naturalHeight,
      done: () => URL.revokeObjectURL(url),
    };
  } catch (err) {
    URL.revokeObjectURL(url);
    throw new Error('无法读取这张图片，请换一张照片或截图后重试', { cause: err });
  }
}

/**
 * A JPEG no larger than `maxSide` on its long side. The original comes back unchanged when it is
 * already a small enough JPEG/PNG/WebP that re-encoding would not make smaller.
 */
export async function compressImage(file: File | Blob, options: CompressOptions = {}): Promise<Blob> {
  const maxSide = options.maxSide ?? 1600;
  const quality = options.quality ?? 0.8;
  if (file.type && !COMPRESSIBLE.test(file.type)) throw new Error('只能上传 JPEG、PNG、WebP 格式的图片');
  const image = await decode(file);
  try {
    const scale = Math.min(1, maxSide / Math.max(image.width, image.height));
    const width = Math.max(1, Math.round(image.width * scale));
    const height = Math.max(1, Math.round(image.height * scale));
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    const context = canvas.getContext('2d');
    if (!context) throw new Error('浏览器不支持图片压缩，请更换浏览器后重试');
    // JPEG has no transparency: a white ground rather than black behind a transparent PNG.
    context.fillStyle = '#fff';
    context.fillRect(0, 0, width, height);
    context.drawImage(image.source, 0, 0, width, height);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', quality));
    if (!blob) throw new Error('图片压缩失败，请重试');
    const keepOriginal = scale === 1 && /^image\/(jpeg|png|webp)$/i.test(file.type) && file.size <= blob.size;
    return keepOriginal ? file : blob;
  } finally {
    image.done();
  }
}
