// A product photo that falls back to a lettered tile when the image cannot be loaded.
import { useState } from 'react';

export function ProductImage({
  src,
  alt,
  size,
  eager = false,
}: {
  src: string;
  alt: string;
  size: number;
  eager?: boolean;
}) {
  const [failed, setFailed] = useState(!src);
  if (failed) {
    // With no alt text the picture is decorative (the name is right next to it), so hide it entirely.
    return alt ? (
      <div className="product-image placeholder" role="img" aria-label={alt}>
        <span aria-hidden="true">{alt.slice(0, 1)}</span>
      </div>
    ) : (
      <div className="product-image placeholder" aria-hidden="true" />
    );
  }
  return (
    <img
      className="product-image"
      src={src}
      alt={alt}
      width={size}
      height={size}
      loading={eager ? 'eager' : 'lazy'}
      // The first row is the largest contentful paint of the catalog: fetch it before anything else.
      fetchPriority={eager ? 'high' : 'auto'}
      decoding="async"
      onError={() => setFailed(true)}
    />
  );
}
