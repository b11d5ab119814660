// Dropped folders are walked to the last file: the browser hands directory entries whose readers
// answer in batches, and a file that cannot be read is left out rather than failing the drop.
import { describe, expect, test } from 'vitest';
import { filesFromDataTransfer } from '../../src/app/dropped-files';

type FakeEntry = { isFile: boolean; isDirectory: boolean; name: string; file?: (ok: (f: File) => void, fail: (e: Error) => void) => void; createReader?: () => unknown };

const file = (name: string, readable = true): FakeEntry => ({
  isFile: true,
  isDirectory: false,
  name,
  file: (ok, fail) => (readable ? ok(new File([name], name)) : fail(new Error('NotReadableError'))),
});

/** A folder whose reader gives its children two at a time, then an empty batch, as Chromium does. */
const folder = (name: string, children: FakeEntry[]): FakeEntry => ({
  isFile: false,
  isDirectory: true,
  name,
  createReader: () => {
    let at = 0;
    return {
      readEntries: (ok: (batch: FakeEntry[]) => void) => {
        const batch = children.slice(at, at + 2);
        at += batch.length;
        setTimeout(() => ok(batch), 0);
      },
    };
  },
});

const dropOf = (entries: FakeEntry[], files: File[] = []) =>
  ({ items: entries.map((entry) => ({ webkitGetAsEntry: () => entry })), files }) as unknown as DataTransfer;

describe('dropped files and folders', () => {
  test('a folder tree becomes every file in it, in batches and nested folders alike', async () => {
    const tree = folder('study', [
      file('a.dcm'),
      folder('series-1', [file('1.dcm'), file('2.dcm'), file('3.dcm'), folder('deeper', [file('4.dcm')])]),
      file('b.dcm'),
      file('c.dcm'),
      file('d.dcm'),
    ]);
    const names = (await filesFromDataTransfer(dropOf([tree, file('loose.dcm')]))).map((f) => f.name).sort();
    expect(names).toEqual(['1.dcm', '2.dcm', '3.dcm', '4.dcm', 'a.dcm', 'b.dcm', 'c.dcm', 'd.dcm', 'loose.dcm']);
  });

  test('a file the browser cannot read is left out; the others still come', async () => {
    const names = (await filesFromDataTransfer(dropOf([folder('f', [file('good.dcm'), file('locked.dcm', false)])]))).map((f) => f.name);
    expect(names).toEqual(['good.dcm']);
  });

  test('without entries (an older browser) the plain file list is used', async () => {
    const plain = [new File(['x'], 'x.dcm')];
    const data = { items: [{}], files: plain } as unknown as DataTransfer;
    expect(await filesFromDataTransfer(data)).toEqual(plain);
  });
});
