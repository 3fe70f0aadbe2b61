/**
 * The screen's own copies of the pictures and clips its timeline needs: renditions for its screen
 * size, fetched ahead, checked against their hash and kept in the Cache API so they still play with
 * the server gone. The player asks only for what it is about to show; a file it does not hold
 * means the slot plays the next item instead (never a blank or a broken picture).
 */
export interface MediaStore {
  /** Whether the verified rendition of original `mediaId` is held here now. */
  has(mediaId: string): boolean;
  /** The held rendition of a picture, decoded and upright, ready to draw; undefined when not held. */
  picture(mediaId: string): Promise<ImageBitmap | undefined>;
  /** A URL the page can give a <video> for the held clip (a blob: URL); undefined when not held. */
  clipUrl(mediaId: string): Promise<string | undefined>;
  /** SHA-256 of the rendition held for `mediaId` (what proof of play records). */
  renditionSha256(mediaId: string): string | undefined;
}
