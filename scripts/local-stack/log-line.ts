// The task service logs one JSON object per line (for container log collectors). On a terminal
// that is hard to read, so `npm start` shows `level msg key=value ...` instead.

export function formatLogLine(line: string): string {
  if (!line.startsWith('{')) return line;
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line;
  }
  if (typeof record !== 'object' || record === null || typeof record.msg !== 'string') return line;
  const { time: _time, level, msg, ...fields } = record;
  const rest = Object.entries(fields).map(
    ([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`,
  );
  return [typeof level === 'string' ? level : 'info', msg, ...rest].join(' ');
}
