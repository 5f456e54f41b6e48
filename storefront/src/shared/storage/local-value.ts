// Small wrappers around Web Storage that never throw (private mode, quota, disabled storage).

export function readStored<T>(storage: 'local' | 'session', key: string): T | undefined {
  try {
    const raw = (storage === 'local' ? localStorage : sessionStorage).getItem(key);
    return raw === null ? undefined : (JSON.parse(raw) as T);
  } catch {
    return undefined;
  }
}

export function writeStored(storage: 'local' | 'session', key: string, value: unknown): void {
  try {
    const target = storage === 'local' ? localStorage : sessionStorage;
    if (value === undefined) target.removeItem(key);
    else target.setItem(key, JSON.stringify(value));
  } catch {
    // Storage is a convenience; the shop still works without it.
  }
}
