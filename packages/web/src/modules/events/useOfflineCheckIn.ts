import { useCallback, useEffect, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { CheckInBatchResult, CheckInResult } from '@xiaoguan/shared';
import { api, isApiError } from '../../core/api';
import { dropScan, enqueueScan, queuedScans, syncScans, type QueuedScan, type SendOutcome } from './offline-queue';

const post = (eventId: string, body: { token?: string; invitationId?: string; clientAt?: string }) =>
  api.post<CheckInResult>(`/events/${eventId}/check-in`, body);

/**
 * Check-in that keeps working through a dropped connection (issue 17 item 2): offline (or when the
 * request cannot reach the server) a scan is queued in IndexedDB and shown as pending; when the
 * browser is back online — and every few seconds while scans wait — the queue is sent.
 */
export function useOfflineCheckIn(eventId: string) {
  const queryClient = useQueryClient();
  const [online, setOnline] = useState(() => navigator.onLine);
  const [queue, setQueue] = useState<QueuedScan[]>([]);
  const [last, setLast] = useState<CheckInResult | null>(null);
  const [error, setError] = useState<{ status: number; field?: string; message: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const syncing = useRef(false);

  const reload = useCallback(async () => setQueue(await queuedScans(eventId)), [eventId]);

  const sync = useCallback(async () => {
    if (syncing.current || !navigator.onLine) return;
    syncing.current = true;
    try {
      const sent = await syncScans(eventId, async (scans) => {
        try {
          const { results } = await api.post<CheckInBatchResult>(`/events/${eventId}/check-in/batch`, {
            scans: scans.map((scan) => ({ token: scan.token, invitationId: scan.invitationId, clientAt: scan.clientAt })),
          });
          const lastDone = results.filter((r) => r.ok).at(-1)?.result;
          if (lastDone) setLast(lastDone);
          return results.map((r): SendOutcome => (r.ok ? { kind: 'done' } : { kind: 'refused', error: r.error?.message ?? '' }));
        } catch (cause) {
          // The whole batch refused (e.g. check-in closed): every scan in it is a conflict to show.
          if (isApiError(cause) && cause.status > 0) return scans.map((): SendOutcome => ({ kind: 'refused', error: cause.message }));
          return { kind: 'offline' };
        }
      });
      if (sent) await queryClient.invalidateQueries({ queryKey: ['events'] });
    } finally {
      syncing.current = false;
      await reload();
    }
  }, [eventId, queryClient, reload]);

  useEffect(() => {
    void reload().then(sync);
    const up = () => {
      setOnline(true);
      void sync();
    };
    const down = () => setOnline(false);
    window.addEventListener('online', up);
    window.addEventListener('offline', down);
    return () => {
      window.removeEventListener('online', up);
      window.removeEventListener('offline', down);
    };
  }, [reload, sync]);

  // A "connected" phone whose requests still fail: try the queue again every 5 s while it waits.
  const waiting = queue.some((scan) => scan.state === 'pending');
  useEffect(() => {
    if (!waiting) return;
    const timer = window.setInterval(() => void sync(), 5_000);
    return () => window.clearInterval(timer);
  }, [waiting, sync]);

  const submit = useCallback(
    async (body: { token?: string; invitationId?: string }) => {
      setError(null);
      const clientAt = new Date().toISOString();
      const queueIt = async () => {
        await enqueueScan({ eventId, ...body, clientAt });
        await reload();
      };
      if (!navigator.onLine) return queueIt();
      setBusy(true);
      try {
        setLast(await post(eventId, body));
        await queryClient.invalidateQueries({ queryKey: ['events'] });
      } catch (cause) {
        if (isApiError(cause) && cause.status > 0) setError({ status: cause.status, field: cause.formField, message: cause.message });
        else await queueIt();
      } finally {
        setBusy(false);
      }
    },
    [eventId, queryClient, reload],
  );

  const discard = useCallback(
    async (id: string) => {
      await dropScan(id);
      await reload();
    },
    [reload],
  );

  return { online, queue, last, error, busy, submit, discard };
}
