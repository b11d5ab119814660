// Transfer syntaxes the viewer understands, and how each one stores its pixels.

export interface TransferSyntaxInfo {
  name: string;
  /** Pixel data is a sequence of compressed fragments rather than raw samples. */
  encapsulated: boolean;
}

export const TRANSFER_SYNTAXES: Record<string, TransferSyntaxInfo> = {
  '1.2.840.10008.1.2': { name: 'Implicit VR Little Endian', encapsulated: false },
  '1.2.840.10008.1.2.1': { name: 'Explicit VR Little Endian', encapsulated: false },
  '1.2.840.10008.1.2.1.99': { name: 'Deflated Explicit VR Little Endian', encapsulated: false },
  '1.2.840.10008.1.2.2': { name: 'Explicit VR Big Endian', encapsulated: false },
  '1.2.840.10008.1.2.1.98': { name: 'Encapsulated Uncompressed Explicit VR Little Endian', encapsulated: true },
  '1.2.840.10008.1.2.8.1': { name: 'Deflated Image Frame Compression', encapsulated: true },
  '1.2.840.10008.1.2.5': { name: 'RLE Lossless', encapsulated: true },
  '1.2.840.10008.1.2.4.50': { name: 'JPEG Baseline', encapsulated: true },
  '1.2.840.10008.1.2.4.51': { name: 'JPEG Extended', encapsulated: true },
  '1.2.840.10008.1.2.4.53': { name: 'JPEG Spectral Selection', encapsulated: true },
  '1.2.840.10008.1.2.4.55': { name: 'JPEG Full Progression', encapsulated: true },
  '1.2.840.10008.1.2.4.57': { name: 'JPEG Lossless', encapsulated: true },
  '1.2.840.10008.1.2.4.70': { name: 'JPEG Lossless SV1', encapsulated: true },
  '1.2.840.10008.1.2.4.80': { name: 'JPEG-LS Lossless', encapsulated: true },
  '1.2.840.10008.1.2.4.81': { name: 'JPEG-LS Near-Lossless', encapsulated: true },
  '1.2.840.10008.1.2.4.90': { name: 'JPEG 2000 Lossless', encapsulated: true },
  '1.2.840.10008.1.2.4.91': { name: 'JPEG 2000', encapsulated: true },
  '3.2.840.10008.1.2.4.96': { name: 'HTJ2K (draft UID)', encapsulated: true },
  '1.2.840.10008.1.2.4.201': { name: 'HTJ2K Lossless', encapsulated: true },
  '1.2.840.10008.1.2.4.202': { name: 'HTJ2K Lossless RPCL', encapsulated: true },
  '1.2.840.10008.1.2.4.203': { name: 'HTJ2K', encapsulated: true },
  '1.2.840.10008.1.2.4.110': { name: 'JPEG XL Lossless', encapsulated: true },
  '1.2.840.10008.1.2.4.111': { name: 'JPEG XL JPEG Recompression', encapsulated: true },
  '1.2.840.10008.1.2.4.112': { name: 'JPEG XL', encapsulated: true },
};

/** Known syntaxes we cannot decode, named so the user learns what the file is. */
export const UNSUPPORTED_TRANSFER_SYNTAXES: Record<string, string> = {
  '1.2.840.10008.1.2.4.100': 'MPEG2 Main Profile video',
  '1.2.840.10008.1.2.4.101': 'MPEG2 High Profile video',
  '1.2.840.10008.1.2.4.102': 'MPEG-4 AVC/H.264 video',
  '1.2.840.10008.1.2.4.103': 'MPEG-4 AVC/H.264 BD video',
  '1.2.840.10008.1.2.4.104': 'MPEG-4 AVC/H.264 2D video',
  '1.2.840.10008.1.2.4.105': 'MPEG-4 AVC/H.264 3D video',
  '1.2.840.10008.1.2.4.106': 'MPEG-4 AVC/H.264 stereo video',
  '1.2.840.10008.1.2.4.107': 'HEVC/H.265 video',
  '1.2.840.10008.1.2.4.108': 'HEVC/H.265 Main 10 video',
  '1.2.840.10008.1.2.4.92': 'JPEG 2000 Part 2 multi-component lossless',
  '1.2.840.10008.1.2.4.93': 'JPEG 2000 Part 2 multi-component',
  '1.2.840.10008.1.2.4.94': 'JPIP referenced',
  '1.2.840.10008.1.2.4.95': 'JPIP referenced deflate',
  '1.2.840.10008.1.2.6.1': 'RFC 2557 MIME encapsulation',
  '1.2.840.10008.1.2.6.2': 'XML encoding',
};

export function transferSyntaxName(uid: string): string {
  return TRANSFER_SYNTAXES[uid]?.name ?? UNSUPPORTED_TRANSFER_SYNTAXES[uid] ?? uid;
}
