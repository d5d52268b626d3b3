// Preloaded into the scale bench's bot process (NODE_OPTIONS --require): its own memory, on stderr, every second.
// The bench reads the largest figures; nothing of the bot's is changed.
const timer = setInterval(() => {
  const m = process.memoryUsage();
  process.stderr.write(`BENCH_MEMORY rss=${m.rss} heapUsed=${m.heapUsed} heapTotal=${m.heapTotal}\n`);
}, 1000);
timer.unref();
