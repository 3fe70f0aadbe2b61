/**
 * A ZIP of finished files, entries stored (PDF and PNG are compressed already). Each file is read
 * twice: once for its CRC, then copied after a local header that carries CRC and sizes, which
 * every unzipper understands. No ZIP64: sizes and offsets must stay under 4 GiB.
 */
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import zlib from 'node:zlib';
import { PrintError } from './errors.js';

const LIMIT = 0xffff_ffff;
/** General purpose flag bit 11: names are UTF-8. */
const UTF8_NAMES = 0x0800;
const VERSION = 20;

interface Entry {
  name: Buffer;
  crc: number;
  size: number;
  offset: number;
}

/** Writes `files` (absolute paths) into a new ZIP at `out`, each under its base name. */
export async function writeZip(out: string, files: readonly string[], at: Date, signal?: AbortSignal): Promise<void> {
  const { time, date } = dosDateTime(at);
  const handle = await open(out, 'wx', 0o644);
  try {
    let offset = 0;
    const write = async (buf: Buffer) => {
      await handle.write(buf, 0, buf.length, offset);
      offset += buf.length;
    };
    const entries: Entry[] = [];
    for (const file of files) {
      signal?.throwIfAborted();
      const { size } = await stat(file);
      if (size > LIMIT || offset + size > LIMIT) {
        throw new PrintError('render-failed', 'Tệp ZIP sẽ vượt 4 GiB; hãy tải từng tệp riêng', 'the ZIP would exceed 4 GiB');
      }
      const entry: Entry = { name: Buffer.from(path.basename(file), 'utf8'), crc: await crcOf(file), size, offset };
      const local = Buffer.alloc(30);
      local.writeUInt32LE(0x04034b50, 0);
      local.writeUInt16LE(VERSION, 4);
      local.writeUInt16LE(UTF8_NAMES, 6);
      local.writeUInt16LE(0, 8); // stored
      local.writeUInt16LE(time, 10);
      local.writeUInt16LE(date, 12);
      local.writeUInt32LE(entry.crc, 14);
      local.writeUInt32LE(size, 18);
      local.writeUInt32LE(size, 22);
      local.writeUInt16LE(entry.name.length, 26);
      await write(Buffer.concat([local, entry.name]));
      for await (const piece of createReadStream(file, { highWaterMark: 1 << 20 })) await write(piece as Buffer);
      entries.push(entry);
    }
    const centralStart = offset;
    for (const e of entries) {
      const central = Buffer.alloc(46);
      central.writeUInt32LE(0x02014b50, 0);
      central.writeUInt16LE((3 << 8) | VERSION, 4); // made by Unix, so the mode bits count
      central.writeUInt16LE(VERSION, 6);
      central.writeUInt16LE(UTF8_NAMES, 8);
      central.writeUInt16LE(0, 10);
      central.writeUInt16LE(time, 12);
      central.writeUInt16LE(date, 14);
      central.writeUInt32LE(e.crc, 16);
      central.writeUInt32LE(e.size, 20);
      central.writeUInt32LE(e.size, 24);
      central.writeUInt16LE(e.name.length, 28);
      central.writeUInt32LE(0o100644 * 0x10000, 38);
      central.writeUInt32LE(e.offset, 42);
      await write(Buffer.concat([central, e.name]));
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(entries.length, 8);
    end.writeUInt16LE(entries.length, 10);
    end.writeUInt32LE(offset - centralStart, 12);
    end.writeUInt32LE(centralStart, 16);
    await write(end);
  } finally {
    await handle.close();
  }
}

async function crcOf(file: string): Promise<number> {
  let crc = 0;
  for await (const piece of createReadStream(file, { highWaterMark: 1 << 20 })) crc = zlib.crc32(piece as Buffer, crc);
  return crc;
}

/** MS-DOS local time fields, as ZIP wants them. */
function dosDateTime(d: Date): { time: number; date: number } {
  const year = Math.max(1980, d.getFullYear());
  return {
    time: (d.getHours() << 11) | (d.getMinutes() << 5) | Math.floor(d.getSeconds() / 2),
    date: ((year - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate(),
  };
}
