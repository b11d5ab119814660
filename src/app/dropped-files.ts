// Turns a drop (files and whole folders) into a flat list of files.

type Entry = FileSystemEntry;

function readAllEntries(reader: FileSystemDirectoryReader): Promise<Entry[]> {
  return new Promise((resolve, reject) => {
    const all: Entry[] = [];
    const next = () =>
      reader.readEntries((batch) => {
        if (batch.length === 0) resolve(all);
        else {
          all.push(...batch);
          next();
        }
      }, reject);
    next();
  });
}

async function filesOfEntry(entry: Entry): Promise<File[]> {
  if (entry.isFile) {
    return new Promise((resolve) => (entry as FileSystemFileEntry).file((f) => resolve([f]), () => resolve([])));
  }
  if (entry.isDirectory) {
    const children = await readAllEntries((entry as FileSystemDirectoryEntry).createReader()).catch(() => []);
    return (await Promise.all(children.map(filesOfEntry))).flat();
  }
  return [];
}

/** Every file in a drop, descending into dropped folders. */
export async function filesFromDataTransfer(data: DataTransfer): Promise<File[]> {
  const entries = [...data.items].map((item) => item.webkitGetAsEntry?.()).filter((e): e is Entry => Boolean(e));
  if (entries.length === 0) return [...data.files];
  return (await Promise.all(entries.map(filesOfEntry))).flat();
}
