// Loads data for a page: the result, the error if it failed, and a retry that keeps everything else.
import { useEffect, useRef, useState } from 'react';
import { onRetryRequested, retryFailedRequests } from './retry.ts';

export interface RequestState<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  /** Retries this request and every other failed one on the page. */
  retry(): void;
}

export function useRequest<T>(load: (signal: AbortSignal) => Promise<T>, key: string): RequestState<T> {
  const [state, setState] = useState<{ key: string; data?: T; error?: unknown; loading: boolean }>({
    key,
    loading: true,
  });
  const [attempt, setAttempt] = useState(0);
  const failed = useRef(false);
  failed.current = state.error !== undefined;

  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` names what `load` fetches; `attempt` re-runs it.
  useEffect(() => {
    const controller = new AbortController();
    setState((previous) => ({ key, data: previous.key === key ? previous.data : undefined, loading: true }));
    load(controller.signal).then(
      (data) => !controller.signal.aborted && setState({ key, data, loading: false }),
      (error) => !controller.signal.aborted && setState({ key, error, loading: false }),
    );
    return () => controller.abort();
  }, [key, attempt]);

  useEffect(
    () =>
      onRetryRequested(() => {
        if (failed.current) setAttempt((n) => n + 1);
      }),
    [],
  );

  return {
    data: state.key === key ? state.data : undefined,
    error: state.error,
    loading: state.loading,
    retry: retryFailedRequests,
  };
}
