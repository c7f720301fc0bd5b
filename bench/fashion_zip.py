#!/usr/bin/env python3
"""Zips Fashion-MNIST test images as PNG files for a batch-prediction run (README, "Batch predictions").

Usage: python3 bench/fashion_zip.py COUNT OUT.zip

Reads Debian's dataset-fashion-mnist (/usr/share/datasets/fashion-mnist), writes COUNT images named
fashion/NNNNN-labelL.png (the true label in the name, to check the results CSV against) plus fashion/readme.txt,
which is no image and becomes an error row. Standard library only.
"""
import gzip
import struct
import sys
import zipfile
import zlib

SOURCE = '/usr/share/datasets/fashion-mnist/'


def png(raw):
    def chunk(kind, data):
        return struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data) & 0xffffffff)
    rows = b''.join(b'\x00' + raw[r * 28:(r + 1) * 28] for r in range(28))
    return (b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', 28, 28, 8, 0, 0, 0, 0))
            + chunk(b'IDAT', zlib.compress(rows)) + chunk(b'IEND', b''))


def main(count, out):
    with gzip.open(SOURCE + 't10k-images-idx3-ubyte.gz') as f:
        _, images, _, _ = struct.unpack('>IIII', f.read(16))
        pixels = f.read()
    with gzip.open(SOURCE + 't10k-labels-idx1-ubyte.gz') as f:
        f.read(8)
        labels = f.read()
    with zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED) as z:
        for i in range(count):
            j = i % images
            z.writestr('fashion/%05d-label%d.png' % (i, labels[j]), png(pixels[j * 784:(j + 1) * 784]))
        z.writestr('fashion/readme.txt', 'not an image')
    print(out, count, 'images')


if __name__ == '__main__':
    main(int(sys.argv[1]), sys.argv[2])
