/** Writes a POSIX ustar archive, enough for Velero's BackupContents tarball layout. */
export function tar(entries: { path: string; data: Buffer }[]): Buffer {
  const blocks: Buffer[] = [];
  for (const { path, data } of entries) {
    const header = Buffer.alloc(512);
    const name = path.length > 100 ? path.slice(path.length - 100) : path;
    header.write(name, 0, 100, 'utf8');
    header.write('0000644\0', 100);
    header.write('0000000\0', 108);
    header.write('0000000\0', 116);
    header.write(`${data.length.toString(8).padStart(11, '0')}\0`, 124);
    header.write(
      `${Math.floor(Date.now() / 1000)
        .toString(8)
        .padStart(11, '0')}\0`,
      136,
    );
    header.write('        ', 148); // checksum placeholder: eight spaces
    header.write('0', 156);
    header.write('ustar\0', 257);
    header.write('00', 263);
    let sum = 0;
    for (const b of header) sum += b;
    header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
    blocks.push(header, data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}
