/** A one-line progress bar for long commands (redrawn in a TTY, plain lines otherwise). */
export function progressBar(label: string, total: number) {
  let done = 0;
  const tty = process.stderr.isTTY;
  const draw = (what: string) => {
    const width = 24;
    const filled = Math.round((done / total) * width);
    const line = `${label} [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${done}/${total} ${what}`;
    if (tty) process.stderr.write(`\r\x1b[2K${line}`);
    else process.stderr.write(`${line}\n`);
  };
  return {
    tick(what = "") {
      done += 1;
      draw(what);
    },
    end() {
      if (tty) process.stderr.write("\n");
    },
  };
}
