import type { Store } from '../../src/store/store';

/**
 * A store in front of the real one whose every call fails, while `failing` is on, the way SQLite fails on a disk
 * that returns I/O errors (a SqliteError with code SQLITE_IOERR). Only the fault is made up; the store behind it,
 * and everything above it, is the real one. `close` always reaches the real store.
 */
export class FailingDisk {
  failing = false;

  wrap(real: Store): Store {
    return new Proxy(real, {
      get: (target, key, receiver) => {
        const value = Reflect.get(target, key, receiver) as unknown;
        if (key === 'close' || value === null || typeof value !== 'object') return value;
        return this.faulty(value);
      },
    });
  }

  private faulty(part: object): object {
    return new Proxy(part, {
      get: (target, key) => {
        const value = Reflect.get(target, key, target) as unknown;
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          if (this.failing) return Promise.reject(diskError());
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
  }
}

function diskError(): Error {
  const error = new Error('disk I/O error') as Error & { code: string };
  error.name = 'SqliteError';
  error.code = 'SQLITE_IOERR';
  return error;
}
