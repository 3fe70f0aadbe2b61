import { describe, expect, it } from 'vitest';
import { bucketFor, renditionSize } from '../../../server/media/rendition-buckets.js';

describe('bucketFor', () => {
  it('gives a screen the smallest bucket covering its long side, whichever way round', () => {
    expect(bucketFor({ width: 1920, height: 1080 })).toBe(1920);
    expect(bucketFor({ width: 1080, height: 1920 })).toBe(1920);
    expect(bucketFor({ width: 3840, height: 2160 })).toBe(3840);
    expect(bucketFor({ width: 1366, height: 768 })).toBe(1920);
    expect(bucketFor({ width: 800, height: 480 })).toBe(1280);
    expect(bucketFor({ width: 2560, height: 1440 })).toBe(2560);
    expect(bucketFor({ width: 7680, height: 4320 })).toBe(3840);
  });
});

describe('renditionSize', () => {
  it('scales the long side to the bucket, keeping proportions', () => {
    expect(renditionSize({ width: 8160, height: 6120 }, 3840)).toEqual({ width: 3840, height: 2880 });
    expect(renditionSize({ width: 6120, height: 8160 }, 1920)).toEqual({ width: 1440, height: 1920 });
    expect(renditionSize({ width: 20_000, height: 3 }, 1280)).toEqual({ width: 1280, height: 1 });
  });

  it('never upscales', () => {
    expect(renditionSize({ width: 1600, height: 1200 }, 3840)).toEqual({ width: 1600, height: 1200 });
    expect(renditionSize({ width: 1920, height: 1080 }, 1920)).toEqual({ width: 1920, height: 1080 });
  });
});
