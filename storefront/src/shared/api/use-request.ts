// Loads data for a page: the result, the error if it failed, and a retry that keeps everything else.
import { useCallback, useEffect, useState } from 'react';

export interface RequestState<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  retry(): void;
}

export function useRequest<T>(load: (signal: AbortSignal) => Promise<T>, key: string): RequestState<T> {
  const [state, setState] = useState<{ key: string; data?: T; error?: unknown; loading: boolean }>({
    key,
    loading: true,
  });
  const [attempt, setAttempt] = useState(0);

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

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return {
    data: state.key === key ? state.data : undefined,
    error: state.error,
    loading: state.loading,
    retry,
  };
}
