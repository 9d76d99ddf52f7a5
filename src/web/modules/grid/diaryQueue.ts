import { useCallback, useEffect, useRef, useState } from 'react';
import { isApiError } from '../../app/api.js';
import { type DiaryInput, gridApi } from './api.js';

// 民情日记 written without signal wait here, in localStorage, until the server has them. Each entry
// carries its idempotency key and the time of the visit fixed when it was saved, so a resend after a
// lost answer is recorded once and keeps its real time.
export interface QueuedDiary {
  key: string;
  body: DiaryInput;
  savedAt: string;
  /** A refusal from the server (4xx): the entry stays for the worker to correct or delete. */
  error?: string;
}

const storageKey = (userId: string) => `anju.grid.diary-queue.${userId}`;

function read(userId: string): QueuedDiary[] {
  try {
    const raw = localStorage.getItem(storageKey(userId));
    const list = raw ? (JSON.parse(raw) as unknown) : [];
    return Array.isArray(list) ? (list as QueuedDiary[]).filter((e) => e && typeof e.key === 'string') : [];
  } catch {
    return [];
  }
}

function write(userId: string, list: QueuedDiary[]): void {
  if (list.length === 0) localStorage.removeItem(storageKey(userId));
  else localStorage.setItem(storageKey(userId), JSON.stringify(list));
}

export function useDiaryQueue(userId: string, onSent: () => void) {
  const [items, setItems] = useState<QueuedDiary[]>(() => read(userId));
  const [sending, setSending] = useState(false);
  const busy = useRef(false);
  const sent = useRef(onSent);
  sent.current = onSent;

  const mutate = useCallback(
    (change: (list: QueuedDiary[]) => QueuedDiary[]) => {
      // Always from storage: another tab may have sent or added entries meanwhile.
      const next = change(read(userId));
      write(userId, next);
      setItems(next);
    },
    [userId],
  );

  /** Sends what waits; `all` also retries entries the server refused before (after an edit, say). */
  const flush = useCallback(
    async (all = false) => {
      if (busy.current) return;
      busy.current = true;
      setSending(true);
      let any = false;
      try {
        for (const entry of read(userId)) {
          if (entry.error && !all) continue;
          try {
            await gridApi.saveDiary(entry.body);
            // 201 saved, 200 replayed: either way the server has it.
            mutate((list) => list.filter((e) => e.key !== entry.key));
            any = true;
          } catch (error) {
            if (!isApiError(error) || error.status === 0 || error.status >= 500 || error.status === 401) {
              // No signal, a server hiccup or a lapsed session: keep it and try again later.
              break;
            }
            const text = error.fields ? Object.values(error.fields).join('；') : error.message;
            mutate((list) =>
              list.map((e) => (e.key === entry.key ? { ...e, error: text || error.message } : e)),
            );
          }
        }
      } finally {
        busy.current = false;
        setSending(false);
        if (any) sent.current();
      }
    },
    [userId, mutate],
  );

  useEffect(() => {
    flush();
    const online = () => flush();
    window.addEventListener('online', online);
    return () => window.removeEventListener('online', online);
  }, [flush]);

  /** Puts an entry in the queue (throws when the phone's storage is full) and tries to send it. */
  const add = useCallback(
    (entry: QueuedDiary) => {
      mutate((list) => [...list.filter((e) => e.key !== entry.key), { ...entry, error: undefined }]);
      void flush();
    },
    [mutate, flush],
  );
  const remove = useCallback((key: string) => mutate((list) => list.filter((e) => e.key !== key)), [mutate]);

  return { items, sending, add, remove, flush };
}
